namespace MergeBus.Contracts;

public record MixPublished
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    public required IReadOnlyList<PublishedArtifact> Artifacts { get; init; }
    /// <summary>Bytes this moved through the worker; zero from senders that predate the field.</summary>
    public TransferCounts Transfer { get; init; } = new();
    /// <summary>MERGE_WORKER_ID of the Publisher that did the work.</summary>
    public string WorkerId { get; init; } = "";
}
