using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol.Jobs;
using MergeBus.Steps;
using Microsoft.Extensions.Logging;

namespace MergeBus.Fetcher.Components.Consumers;

public sealed class FetchInputsConsumer(IInputFetcher fetcher, WorkerSettings worker, ILogger<FetchInputsConsumer> logger)
    : IConsumer<FetchInputs>
{
    public Task Consume(ConsumeContext<FetchInputs> context)
    {
        var command = context.Message;
        return context.ReplyAsync(new StepTry(MergeSteps.Fetch, command.JobId, command.Attempt, command.Try), logger, async () =>
        {
            var (plan, transfer) = await fetcher.FetchAsync(command, context.CancellationToken);
            logger.LogInformation("Job {JobId} attempt {Attempt}: {Tracks} inputs verified, {Seconds:F3} s timeline",
                command.JobId, command.Attempt, plan.Tracks.Count, plan.TimelineSamples / 48000.0);
            return new InputsFetched
            {
                JobId = command.JobId,
                Attempt = command.Attempt,
                Try = command.Try,
                Plan = plan,
                Transfer = transfer,
                WorkerId = worker.WorkerId,
            };
        });
    }
}
