namespace MergeBus.Ingest.Components;

/// <summary>The recordings bucket, when storage is S3: https manifest URLs are turned into keys of it.</summary>
public sealed record StorageLocation(string? Bucket);
