using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Redis.Saga;

namespace MergeBus.Ingest.Components.History;

/// <summary>
/// The answers without PostgreSQL: the saga documents in Redis, kept for the saga retention. They know the job's
/// state, attempts and errors, but not each attempt's worker, duration or the timeline.
/// </summary>
public sealed class RedisSagaJobHistoryReader(ISagaStateQuery<MergeJobState> sagas, SagaRetention retention) : IJobHistoryReader
{
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var all = query.State is { } state
            ? await sagas.ListByStateAsync(state, cancellationToken)
            : await sagas.ListAllAsync(cancellationToken);
        var jobs = all.Select(s => FromSaga(s.Instance))
            .Where(j => query.Room is null || j.Room == query.Room)
            .Where(j => query.Session is null || j.SessionId == query.Session)
            .Where(j => query.Since is null || j.SubmittedAt >= query.Since)
            .Where(j => query.Until is null || j.SubmittedAt < query.Until)
            .Where(j => query.Error is null || j.LastError.Contains(query.Error, StringComparison.OrdinalIgnoreCase))
            .Where(j => query.After is null || string.CompareOrdinal(j.SortKey, query.After) < 0)
            .OrderByDescending(j => j.SortKey, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .ToList();
        var more = jobs.Count > query.Limit;
        var shown = jobs.Take(query.Limit).ToList();
        return new JobPage(shown, more ? JobCursor.Encode(shown[^1].SortKey) : null, HistorySource.Redis(retention.Value));
    }

    public async Task<JobDetail?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var saga = await sagas.GetByJobIdAsync(jobId, cancellationToken);
        return saga is null ? null : new JobDetail(FromSaga(saga.Instance), [], HistorySource.Redis(retention.Value));
    }

    public static JobSummary FromSaga(MergeJobState saga) => new()
    {
        Id = saga.JobId,
        State = saga.CurrentState,
        Step = saga.Step,
        Source = saga.Source,
        Room = saga.Plan?.RoomName is { Length: > 0 } room ? room : JobHistoryConsumer.RoomOf(saga.ManifestPath),
        SessionId = saga.SessionId,
        ManifestPath = saga.ManifestPath,
        SubmittedAt = saga.SubmittedAt,
        UpdatedAt = saga.UpdatedAt,
        FinishedAt = saga.FinishedAt,
        Attempts = saga.Attempt,
        FailedAttempts = saga.FailedAttempts,
        LastError = saga.LastError,
        SortKey = JobCursor.SortKeyOf(saga.SubmittedAt, saga.JobId),
        Artifacts = [.. (saga.PublishedArtifacts ?? []).Select(a => new ArtifactRow(a.Format, a.StorageUri, a.Size, a.Sha256, a.DurationMs, a.ParticipantIdentity))],
        Channels = [.. (saga.Channels ?? []).Select(c => new ChannelRow(c.Channel, c.ParticipantIds))],
        Loudness = saga.MixLoudness,
        Steps = [.. saga.Errors.Select((e, i) => new StepRecord { Attempt = i + 1, Outcome = StepOutcomes.Failed, Error = e })],
        TimelineSamples = saga.Plan?.TimelineSamples ?? 0,
    };
}

/// <summary>How long the saga store keeps a finished job (mergebus.saga_retention).</summary>
public sealed record SagaRetention(TimeSpan Value);
