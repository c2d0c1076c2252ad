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
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (plan, transfer) = await fetcher.FetchAsync(command, context.CancellationToken);
            // The step's own time, apart from the round trip through the broker the saga's step time includes.
            logger.LogInformation("Job {JobId} attempt {Attempt}: {Tracks} inputs verified, {Seconds:F3} s timeline, in {FetchMs:F0} ms",
                command.JobId, command.Attempt, plan.Tracks.Count, plan.TimelineSamples / 48000.0, clock.Elapsed.TotalMilliseconds);
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
