namespace MergeBus.Contracts;

public record TracksMixed
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    public required IReadOnlyList<StagedArtifact> Artifacts { get; init; }
    /// <summary>Channel index → participant ids heard on that channel.</summary>
    public required IReadOnlyList<ChannelAssignment> Channels { get; init; }
    public long DurationMs { get; init; }
    /// <summary>MERGE_WORKER_ID of the Mixer that did the work.</summary>
    public string WorkerId { get; init; } = "";
    /// <summary>Bytes this moved through the worker; zero from senders that predate the field.</summary>
    public TransferCounts Transfer { get; init; } = new();
    /// <summary>Things that went right but not as expected, each starting with the participant id it concerns.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
