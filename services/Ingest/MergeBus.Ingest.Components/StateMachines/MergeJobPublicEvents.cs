using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.Telemetry;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>
/// The public events (docs/events.md) the saga publishes, one named behavior each, so the machine reads one
/// line per event. The job events also move the job counters of <see cref="IngestMetrics"/>.
/// </summary>
public static class MergeJobPublicEvents
{
    public static EventActivityBinder<MergeJobState, T> PublishStepStarted<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.PublishEvent(_ => { }, saga => new MergeJobStepStarted
        {
            JobId = saga.JobId,
            Attempt = saga.Attempt,
            Try = saga.Try,
            Step = saga.Step,
            Timestamp = DateTimeOffset.UtcNow,
        });

    public static EventActivityBinder<MergeJobState, T> PublishJobStarted<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.PublishEvent(saga => IngestMetrics.JobStarted(saga.Source), saga => new MergeJobStarted
        {
            JobId = saga.JobId,
            SessionId = saga.SessionId,
            ManifestPath = saga.ManifestPath,
            Source = saga.Source,
            Timestamp = DateTimeOffset.UtcNow,
        });

    public static EventActivityBinder<MergeJobState, T> PublishJobRetried<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.PublishEvent(_ => IngestMetrics.JobRetried(), saga => new MergeJobRetried
        {
            JobId = saga.JobId,
            SessionId = saga.SessionId,
            ManifestPath = saga.ManifestPath,
            FromStep = saga.Step,
            Timestamp = DateTimeOffset.UtcNow,
        });

    public static EventActivityBinder<MergeJobState, T> PublishJobCompleted<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.PublishEvent(IngestMetrics.JobCompleted, saga => new MergeJobCompleted
        {
            JobId = saga.JobId,
            SessionId = saga.SessionId,
            ManifestPath = saga.ManifestPath,
            RoomName = saga.Plan?.RoomName ?? "",
            Artifacts = saga.PublishedArtifacts ?? [],
            Channels = saga.Channels ?? [],
            Attempts = saga.Attempt,
            FailedAttempts = saga.FailedAttempts,
            StepDurationsMs = saga.StepDurationsMs,
            Transfer = saga.Transfer,
            Timestamp = DateTimeOffset.UtcNow,
        });

    /// <summary>Published as the saga gives up, not after the Publisher has recorded the failure.</summary>
    public static EventActivityBinder<MergeJobState, T> PublishJobDeadLettered<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder.PublishEvent(IngestMetrics.JobDeadLettered, saga => new MergeJobDeadLettered
        {
            JobId = saga.JobId,
            SessionId = saga.SessionId,
            ManifestPath = saga.ManifestPath,
            Reason = saga.LastError,
            Step = saga.Step,
            Permanent = saga.PermanentFailure,
            Attempts = saga.FailedAttempts,
            Errors = saga.Errors,
            Timestamp = DateTimeOffset.UtcNow,
        });

    /// <summary>Counts the event, then publishes it as the saga now stands.</summary>
    private static EventActivityBinder<MergeJobState, T> PublishEvent<T, TEvent>(this EventActivityBinder<MergeJobState, T> binder,
        Action<MergeJobState> count, Func<MergeJobState, TEvent> build) where T : class where TEvent : class =>
        binder.Then(c => count(c.Saga)).Publish(c => build(c.Saga));
}
