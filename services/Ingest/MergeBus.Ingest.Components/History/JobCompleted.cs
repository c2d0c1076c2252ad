namespace MergeBus.Ingest.Components.History;

public sealed record JobCompleted(string JobId, int Attempts, DateTimeOffset At, IReadOnlyList<ArtifactRow> Artifacts);
