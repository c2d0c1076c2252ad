using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.Activities;
using MergeBus.Protocol.Mixing;
using MergeBus.Steps;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>Named steps of the machine's blocks. Commands are sent to their step's queue; events are published.</summary>
public static class MergeJobBehaviors
{
    public static EventActivityBinder<MergeJobState, T> StartStep<T>(
        this EventActivityBinder<MergeJobState, T> binder, string step) where T : class =>
        binder.StartStep(_ => step);

    /// <summary>A new try of the step <paramref name="step"/> picks, started by the message being consumed.</summary>
    public static EventActivityBinder<MergeJobState, T> StartStep<T>(
        this EventActivityBinder<MergeJobState, T> binder, Func<MergeJobState, string> step) where T : class =>
        binder.Then(c => c.Saga.BeginStep(step(c.Saga), c))
            .PublishAsync(c => c.Init<MergeJobStepStarted>(new MergeJobStepStarted
            {
                JobId = c.Saga.JobId,
                Attempt = c.Saga.Attempt,
                Try = c.Saga.Try,
                Step = c.Saga.Step,
                Timestamp = DateTimeOffset.UtcNow,
            }));

    /// <summary>Sends the command of the saga's current step, for its current try. Safe to repeat.</summary>
    public static EventActivityBinder<MergeJobState, T> SendStepCommand<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder
            .If(c => c.Saga.Step == MergeSteps.Fetch, b => b.Send(StepEndpoints.AddressOf(StepEndpoints.FetchInputs),
                c => new FetchInputs
                {
                    JobId = c.Saga.JobId,
                    Attempt = c.Saga.Attempt,
                    Try = c.Saga.Try,
                    ManifestPath = c.Saga.ManifestPath,
                    Layout = c.Saga.Layout,
                    Formats = c.Saga.Formats,
                    Loudness = c.Saga.Loudness,
                }))
            .If(c => c.Saga.Step == MergeSteps.Mix, b => b.Send(StepEndpoints.AddressOf(StepEndpoints.MixTracks),
                c => new MixTracks
                {
                    JobId = c.Saga.JobId,
                    Attempt = c.Saga.Attempt,
                    Try = c.Saga.Try,
                    Plan = c.Saga.Plan!,
                    StagingPrefix = c.Saga.StagingPrefix,
                }))
            .If(c => c.Saga.Step == MergeSteps.Publish, b => b.Send(StepEndpoints.AddressOf(StepEndpoints.PublishMix),
                c => new PublishMix
                {
                    JobId = c.Saga.JobId,
                    Attempt = c.Saga.Attempt,
                    Try = c.Saga.Try,
                    ManifestPath = c.Saga.ManifestPath,
                    Artifacts = c.Saga.StagedArtifacts!,
                    Channels = c.Saga.Channels ?? [],
                    Layout = c.Saga.Plan?.Layout ?? MixLayouts.Mix,
                    StagingPrefix = c.Saga.StagingRoot, // the mix was staged by an earlier try: clean them all
                    Loudness = c.Saga.MixLoudness,
                }));

    /// <summary>
    /// The message that moved the saga came again, so Ingest may have died after saving the saga and before its
    /// commands and events left. Whatever the saving transition sent is sent again (every receiver is idempotent).
    /// </summary>
    public static EventActivityBinder<MergeJobState, T> ResendAfterRedelivery<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder
            .If(c => MergeJobStates.Active.Contains(c.Saga.CurrentState), b => b.SendStepCommand())
            .If(c => c.Saga.CurrentState == MergeJobStates.DeadLettered, b => b.PublishJobDeadLettered().SendRecordFailure())
            .If(c => c.Saga.CurrentState == MergeJobStates.Completed, b => b.PublishJobCompleted());

    public static EventActivityBinder<MergeJobState, T> RetryOrDeadLetter<T>(
        this EventActivityBinder<MergeJobState, T> binder, MergeJobStateMachine machine) where T : class =>
        binder.IfElse(c => c.Saga.ShouldRetry(),
            retry => retry
                .StartStep(saga => saga.Step)
                .SendStepCommand()
                .WriteJobStatus(),
            giveUp => giveUp
                .Then(c => c.Saga.GiveUp(c))
                .TransitionTo(machine.DeadLettered)
                .WriteJobStatus()
                .PublishJobDeadLettered()
                .SendRecordFailure());

    /// <summary>Records the failure in the manifest. The job's key stays: support may retry the job.</summary>
    public static EventActivityBinder<MergeJobState, T> SendRecordFailure<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.Send(StepEndpoints.AddressOf(StepEndpoints.RecordMergeFailure), c => new RecordMergeFailure
        {
            JobId = c.Saga.JobId,
            ManifestPath = c.Saga.ManifestPath,
            Reason = c.Saga.LastError,
            // A staged mix that only failed to publish is kept for a retry; the staging retention removes it.
            StagingPrefix = c.Saga.Step == MergeSteps.Publish ? "" : c.Saga.StagingRoot,
        });

    public static EventActivityBinder<MergeJobState, T> WriteJobStatus<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.Activity(x => x.OfInstanceType<WriteJobStatusActivity>());

    public static EventActivityBinder<MergeJobState, T> ReleaseJobKey<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.Activity(x => x.OfInstanceType<ReleaseJobKeyActivity>());
}
