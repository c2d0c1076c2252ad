namespace MergeBus.Ingest.Components.History;

/// <summary>A job's summary and its whole history (every event, oldest first).</summary>
public sealed record JobDetail(JobSummary Summary, IReadOnlyList<HistoryEntry> History, HistorySource Source);
