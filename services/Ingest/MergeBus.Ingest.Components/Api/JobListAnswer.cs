namespace MergeBus.Ingest.Components.Api;

/// <summary>GET /jobs and GET /sessions/{room}/{session}: a page of jobs and where the answer came from.</summary>
public sealed record JobListAnswer(IReadOnlyList<JobRow> Jobs, string? NextCursor, string Source, string Note);
