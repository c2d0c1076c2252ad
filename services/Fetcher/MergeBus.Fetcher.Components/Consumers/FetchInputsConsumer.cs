using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using MergeBus.Steps;
using Microsoft.Extensions.Logging;

namespace MergeBus.Fetcher.Components.Consumers;

public sealed class FetchInputsConsumer(IInputFetcher fetcher, WorkerSettings worker, ILogger<FetchInputsConsumer> logger)
    : IConsumer<FetchInputs>
{
    public async Task Consume(ConsumeContext<FetchInputs> context)
    {
        var command = context.Message;
        try
        {
            var (plan, transfer) = await fetcher.FetchAsync(command, context.CancellationToken);
            logger.LogInformation("Job {JobId} attempt {Attempt}: {Tracks} inputs verified, {Seconds:F3} s timeline",
                command.JobId, command.Attempt, plan.Tracks.Count, plan.TimelineSamples / 48000.0);
            await context.Publish(new InputsFetched
            {
                JobId = command.JobId,
                Attempt = command.Attempt,
                Try = command.Try,
                Plan = plan,
                Transfer = transfer,
                WorkerId = worker.WorkerId,
            });
        }
        catch (PermanentMergeException bad)
        {
            logger.LogWarning("Job {JobId}: bad input: {Reason}", command.JobId, bad.Message);
            await context.PublishPermanentFailure(command.JobId, command.Attempt, command.Try, MergeSteps.Fetch, bad);
        }
    }
}
