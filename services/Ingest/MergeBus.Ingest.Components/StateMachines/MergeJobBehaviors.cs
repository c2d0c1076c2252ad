using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.Activities;
using MergeBus.Steps;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>Named steps of the machine's blocks. Commands are sent to their step's queue; events are published.</summary>
public static class MergeJobBehaviors
{
    /// <summary>A new try of <paramref name="step"/>, started by the message being consumed.</summary>
    public static EventActivityBinder<MergeJobState, T> StartStep<T>(
        this EventActivityBinder<MergeJobState, T> binder, MergeJobStep step) where T : class =>
        binder.StartStep(_ => step);

    /// <summary>A new try of the step <paramref name="step"/> picks (a retry's), started by the message being consumed.</summary>
    public static EventActivityBinder<MergeJobState, T> StartStep<T>(
        this EventActivityBinder<MergeJobState, T> binder, Func<MergeJobState, MergeJobStep> step) where T : class =>
        binder.Then(c => c.Saga.BeginStep(step(c.Saga).Name, c))
            .PublishStepStarted();

    public static EventActivityBinder<MergeJobState, T> SendFetchInputs<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.Send(MergeJobSteps.Fetch.Address, c => MergeJobSteps.FetchInputsFor(c.Saga));

    public static EventActivityBinder<MergeJobState, T> SendMixTracks<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.Send(MergeJobSteps.Mix.Address, c => MergeJobSteps.MixTracksFor(c.Saga));

    public static EventActivityBinder<MergeJobState, T> SendPublishMix<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.Send(MergeJobSteps.Publish.Address, c => MergeJobSteps.PublishMixFor(c.Saga));

    /// <summary>
    /// Sends the command of the step the saga is in, for its current try: for the transitions that do not know
    /// the step (a retry, a resume, a redelivery). Each step's own transition names its command. Safe to repeat.
    /// </summary>
    public static EventActivityBinder<MergeJobState, T> SendCurrentStepCommand<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.ThenAsync(c => MergeJobSteps.Named(c.Saga.Step) is { } step ? step.SendCommandAsync(c, c.Saga) : Task.CompletedTask);

    /// <summary>Into the state of the step the saga is in (a retry's step is known only at run time).</summary>
    public static EventActivityBinder<MergeJobState, T> TransitionToCurrentStep<T>(
        this EventActivityBinder<MergeJobState, T> binder, MergeJobStateMachine machine) where T : class =>
        MergeJobSteps.All.Aggregate(binder, (next, step) =>
            next.If(c => c.Saga.Step == step.Name, b => b.TransitionTo(machine.GetState(step.State))));

    /// <summary>
    /// The message that moved the saga came again, so Ingest may have died after saving the saga and before its
    /// commands and events left. Whatever the saving transition sent is sent again (every receiver is idempotent).
    /// </summary>
    public static EventActivityBinder<MergeJobState, T> ResendAfterRedelivery<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder
            .If(c => MergeJobStates.Active.Contains(c.Saga.CurrentState), b => b.SendCurrentStepCommand())
            .If(c => c.Saga.CurrentState == MergeJobStates.DeadLettered, b => b.PublishJobDeadLettered().SendRecordFailure())
            .If(c => c.Saga.CurrentState == MergeJobStates.Completed, b => b.PublishJobCompleted());

    public static EventActivityBinder<MergeJobState, T> RetryOrDeadLetter<T>(
        this EventActivityBinder<MergeJobState, T> binder, MergeJobStateMachine machine) where T : class =>
        binder.IfElse(c => c.Saga.ShouldRetry(),
            retry => retry
                .StartStep(saga => MergeJobSteps.Named(saga.Step) ?? MergeJobSteps.Fetch)
                .SendCurrentStepCommand()
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
