namespace MergeBus.Ingest.Components.History;

/// <summary>One page of jobs, newest first. <see cref="Source"/> says where the answer came from.</summary>
public sealed record JobPage(IReadOnlyList<JobSummary> Jobs, string? NextCursor, HistorySource Source);
