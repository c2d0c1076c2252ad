namespace MergeBus.Ingest.Components.History;

public interface IJobHistoryRecorder
{
    /// <summary>
    /// Appends <paramref name="events"/> to the job's stream once per <paramref name="dedupeKey"/>: a replayed
    /// bus message with the same key records nothing.
    /// </summary>
    Task RecordAsync(string jobId, string dedupeKey, IReadOnlyList<object> events, CancellationToken cancellationToken);
}
