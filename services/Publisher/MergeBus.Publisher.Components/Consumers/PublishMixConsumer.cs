using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Steps;
using Microsoft.Extensions.Logging;

namespace MergeBus.Publisher.Components.Consumers;

public sealed class PublishMixConsumer(IMixPublisher publisher, WorkerSettings worker, ILogger<PublishMixConsumer> logger)
    : IConsumer<PublishMix>
{
    public async Task Consume(ConsumeContext<PublishMix> context)
    {
        var command = context.Message;
        try
        {
            var (artifacts, transfer) = await publisher.PublishAsync(command, context.CancellationToken);
            logger.LogInformation("Job {JobId}: published {Uris}", command.JobId, string.Join(", ", artifacts.Select(a => a.StorageUri)));
            await context.Publish(new MixPublished
            {
                JobId = command.JobId,
                Attempt = command.Attempt,
                Try = command.Try,
                Artifacts = artifacts,
                Transfer = transfer,
                WorkerId = worker.WorkerId,
            });
        }
        catch (PermanentMergeException bad)
        {
            logger.LogWarning("Job {JobId}: cannot publish: {Reason}", command.JobId, bad.Message);
            await context.PublishPermanentFailure(command.JobId, command.Attempt, command.Try, MergeSteps.Publish, bad);
        }
    }
}
