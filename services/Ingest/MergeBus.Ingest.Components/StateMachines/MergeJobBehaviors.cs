using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.Activities;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>Named steps of the machine's blocks. Commands are published: exactly one endpoint consumes each.</summary>
public static class MergeJobBehaviors
{
    public static EventActivityBinder<MergeJobState, T> StartStep<T>(
        this EventActivityBinder<MergeJobState, T> binder, string step) where T : class =>
        binder.Then(c => c.Saga.BeginStep(step))
            .PublishAsync(c => c.Init<MergeJobStepStarted>(new MergeJobStepStarted
            {
                JobId = c.Saga.JobId,
                Attempt = c.Saga.Attempt,
                Step = step,
                Timestamp = DateTimeOffset.UtcNow,
            }));

    /// <summary>Sends the command of the saga's current step, for its current attempt.</summary>
    public static EventActivityBinder<MergeJobState, T> PublishStepCommand<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder
            .If(c => c.Saga.Step == MergeSteps.Fetch, b => b.PublishAsync(c => c.Init<FetchInputs>(new FetchInputs
            {
                JobId = c.Saga.JobId,
                Attempt = c.Saga.Attempt,
                ManifestPath = c.Saga.ManifestPath,
                Layout = c.Saga.Layout,
                Formats = c.Saga.Formats,
            })))
            .If(c => c.Saga.Step == MergeSteps.Mix, b => b.PublishAsync(c => c.Init<MixTracks>(new MixTracks
            {
                JobId = c.Saga.JobId,
                Attempt = c.Saga.Attempt,
                Plan = c.Saga.Plan!,
                StagingPrefix = c.Saga.StagingPrefix,
            })))
            .If(c => c.Saga.Step == MergeSteps.Publish, b => b.PublishAsync(c => c.Init<PublishMix>(new PublishMix
            {
                JobId = c.Saga.JobId,
                Attempt = c.Saga.Attempt,
                ManifestPath = c.Saga.ManifestPath,
                Artifacts = c.Saga.StagedArtifacts!,
                Channels = c.Saga.Channels ?? [],
                Layout = c.Saga.Plan?.Layout ?? "mix",
                StagingPrefix = c.Saga.StagingRoot, // the mix was staged by an earlier attempt: clean them all
            })));

    public static EventActivityBinder<MergeJobState, T> RetryOrDeadLetter<T>(
        this EventActivityBinder<MergeJobState, T> binder, MergeJobStateMachine machine) where T : class =>
        binder.IfElse(c => c.Saga.ShouldRetry(),
            retry => retry
                .Then(c => c.Saga.RetrySameStep())
                .PublishStepCommand()
                .WriteJobStatus(),
            giveUp => giveUp
                .Then(c => c.Saga.FinishedAt = DateTimeOffset.UtcNow)
                .Then(c => c.Saga.EndStep())
                .TransitionTo(machine.DeadLettered)
                .WriteJobStatus()
                .ReleaseJobKey()
                .PublishJobDeadLettered()
                .PublishAsync(c => c.Init<RecordMergeFailure>(new RecordMergeFailure
                {
                    JobId = c.Saga.JobId,
                    ManifestPath = c.Saga.ManifestPath,
                    Reason = c.Saga.LastError,
                    StagingPrefix = c.Saga.StagingRoot,
                })));

    public static EventActivityBinder<MergeJobState, T> WriteJobStatus<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.Activity(x => x.OfInstanceType<WriteJobStatusActivity>());

    public static EventActivityBinder<MergeJobState, T> ReleaseJobKey<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.Activity(x => x.OfInstanceType<ReleaseJobKeyActivity>());
}
