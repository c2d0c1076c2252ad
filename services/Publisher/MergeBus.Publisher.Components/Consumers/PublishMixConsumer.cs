using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol.Jobs;
using MergeBus.Steps;
using Microsoft.Extensions.Logging;

namespace MergeBus.Publisher.Components.Consumers;

public sealed class PublishMixConsumer(IMixPublisher publisher, WorkerSettings worker, ILogger<PublishMixConsumer> logger)
    : IConsumer<PublishMix>
{
    public Task Consume(ConsumeContext<PublishMix> context)
    {
        var command = context.Message;
        return context.ReplyAsync(new StepTry(MergeSteps.Publish, command.JobId, command.Attempt, command.Try), logger, async () =>
        {
            var (artifacts, transfer) = await publisher.PublishAsync(command, context.CancellationToken);
            logger.LogInformation("Job {JobId}: published {Uris}", command.JobId, string.Join(", ", artifacts.Select(a => a.StorageUri)));
            return new MixPublished
            {
                JobId = command.JobId,
                Attempt = command.Attempt,
                Try = command.Try,
                Artifacts = artifacts,
                Transfer = transfer,
                WorkerId = worker.WorkerId,
            };
        });
    }
}
