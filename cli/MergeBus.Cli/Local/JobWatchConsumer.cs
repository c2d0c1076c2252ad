using MassTransit;
using MergeBus.Contracts;

namespace MergeBus.Cli.Local;

/// <summary>Forwards the public events of a job to <see cref="JobWatch"/>, the way any downstream app subscribes.</summary>
public sealed class JobWatchConsumer(JobWatch watch) :
    IConsumer<MergeJobCompleted>,
    IConsumer<MergeJobDeadLettered>,
    IConsumer<MixProgressed>,
    IConsumer<MergeJobStepStarted>,
    IConsumer<MergeFailureRecorded>,
    IConsumer<Fault<RecordMergeFailure>>
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
        watch.DeadLettered(failed.JobId, new JobOutcome(false, failed.Reason, [], failed.Attempts));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<MergeFailureRecorded> context)
    {
        watch.FailureRecorded(context.Message.JobId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Fault<RecordMergeFailure>> context)
    {
        watch.FailureRecorded(context.Message.Message.JobId);
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
