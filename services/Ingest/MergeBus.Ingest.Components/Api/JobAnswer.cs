using MergeBus.Ingest.Components.History;

namespace MergeBus.Ingest.Components.Api;

/// <summary>GET /jobs/{id}: the job, its history, its status key's status and where the answer came from.</summary>
public sealed record JobAnswer(JobSummary Job, IReadOnlyList<HistoryEntry> History, string? Status, string Source, string Note);
