namespace MergeBus.Contracts;

public record MixPublished
{
    public required string JobId { get; init; }
    /// <summary>The job's attempt: 1, plus one per failed attempt before it (the status key's retries + 1).</summary>
    public required int Attempt { get; init; }
    /// <summary>The saga's try number for this step: replies carrying an older one are stale and ignored.</summary>
    public int Try { get; init; }
    public required IReadOnlyList<PublishedArtifact> Artifacts { get; init; }
    /// <summary>Bytes this moved through the worker; zero from senders that predate the field.</summary>
    public TransferCounts Transfer { get; init; } = new();
    /// <summary>MERGE_WORKER_ID of the Publisher that did the work.</summary>
    public string WorkerId { get; init; } = "";
}
