using MassTransit;
using MergeBus.Contracts;

namespace MergeBus.Cli.Local;

/// <summary>Forwards the public events of a job to <see cref="JobWatch"/>, the way any downstream app subscribes.</summary>
public sealed class JobWatchConsumer(JobWatch watch) :
    IConsumer<MergeJobCompleted>,
    IConsumer<MergeJobDeadLettered>,
    IConsumer<MixProgressed>,
    IConsumer<MergeJobStepStarted>
{
    public Task Consume(ConsumeContext<MergeJobCompleted> context)
    {
        var done = context.Message;
        watch.Complete(done.JobId, new JobOutcome(true, null, done.Artifacts, done.Attempts, done.Transfer));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<MergeJobDeadLettered> context)
    {
        var failed = context.Message;
        watch.Complete(failed.JobId, new JobOutcome(false, failed.Reason, [], failed.Attempts));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<MixProgressed> context)
    {
        watch.Report(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<MergeJobStepStarted> context)
    {
        watch.Report(context.Message);
        return Task.CompletedTask;
    }
}
