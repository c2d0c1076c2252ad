namespace MergeBus.Ingest.Components.History;

public sealed record ArtifactRow(string Format, string StorageUri, long Size, string Sha256, long DurationMs);
