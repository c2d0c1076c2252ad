namespace MergeBus.Contracts;

/// <summary>Public event: the room mix exists and the manifest lists it.</summary>
public record MergeJobCompleted
{
    public required string JobId { get; init; }
    public string SessionId { get; init; } = "";
    public required string ManifestPath { get; init; }
    public required IReadOnlyList<PublishedArtifact> Artifacts { get; init; }
    /// <summary>Attempts the job took: 1 when nothing failed.</summary>
    public int Attempts { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>Bytes this moved through the worker; zero from senders that predate the field.</summary>
    public TransferCounts Transfer { get; init; } = new();
}
