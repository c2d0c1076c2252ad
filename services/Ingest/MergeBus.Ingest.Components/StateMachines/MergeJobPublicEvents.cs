using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.Telemetry;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>
/// The public events (docs/events.md) the saga publishes, one named behavior each, so the machine reads one
/// line per event. Each also moves the job counters of <see cref="IngestMetrics"/>.
/// </summary>
public static class MergeJobPublicEvents
{
    public static EventActivityBinder<MergeJobState, T> PublishJobStarted<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder
            .Then(c => IngestMetrics.JobStarted(c.Saga.Source))
            .PublishAsync(c => c.Init<MergeJobStarted>(new MergeJobStarted
            {
                JobId = c.Saga.JobId,
                SessionId = c.Saga.SessionId,
                ManifestPath = c.Saga.ManifestPath,
                Source = c.Saga.Source,
                Timestamp = DateTimeOffset.UtcNow,
            }));

    public static EventActivityBinder<MergeJobState, T> PublishJobRetried<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder
            .Then(_ => IngestMetrics.JobRetried())
            .PublishAsync(c => c.Init<MergeJobRetried>(new MergeJobRetried
            {
                JobId = c.Saga.JobId,
                SessionId = c.Saga.SessionId,
                ManifestPath = c.Saga.ManifestPath,
                FromStep = c.Saga.Step,
                Timestamp = DateTimeOffset.UtcNow,
            }));

    public static EventActivityBinder<MergeJobState, T> PublishJobCompleted<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder
            .Then(c => IngestMetrics.JobCompleted(c.Saga))
            .PublishAsync(c => c.Init<MergeJobCompleted>(new MergeJobCompleted
            {
                JobId = c.Saga.JobId,
                SessionId = c.Saga.SessionId,
                ManifestPath = c.Saga.ManifestPath,
                RoomName = c.Saga.Plan?.RoomName ?? "",
                Artifacts = c.Saga.PublishedArtifacts ?? [],
                Channels = c.Saga.Channels ?? [],
                Attempts = c.Saga.Attempt,
                FailedAttempts = c.Saga.FailedAttempts,
                StepDurationsMs = c.Saga.StepDurationsMs,
                Transfer = c.Saga.Transfer,
                Timestamp = DateTimeOffset.UtcNow,
            }));

    /// <summary>Published as the saga gives up, not after the Publisher has recorded the failure.</summary>
    public static EventActivityBinder<MergeJobState, T> PublishJobDeadLettered<T>(
        this EventActivityBinder<MergeJobState, T> binder) where T : class =>
        binder
            .Then(c => IngestMetrics.JobDeadLettered(c.Saga))
            .PublishAsync(c => c.Init<MergeJobDeadLettered>(new MergeJobDeadLettered
            {
                JobId = c.Saga.JobId,
                SessionId = c.Saga.SessionId,
                ManifestPath = c.Saga.ManifestPath,
                Reason = c.Saga.LastError,
                Step = c.Saga.Step,
                Permanent = c.Saga.PermanentFailure,
                Attempts = c.Saga.FailedAttempts,
                Errors = c.Saga.Errors,
                Timestamp = DateTimeOffset.UtcNow,
            }));
}
