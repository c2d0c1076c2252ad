namespace MergeBus.Contracts;

public record TracksMixed
{
    public required string JobId { get; init; }
    /// <summary>The job's attempt: 1, plus one per failed attempt before it (the status key's retries + 1).</summary>
    public required int Attempt { get; init; }
    /// <summary>The saga's try number for this step: replies carrying an older one are stale and ignored.</summary>
    public int Try { get; init; }
    public required IReadOnlyList<StagedArtifact> Artifacts { get; init; }
    /// <summary>Channel index → participant ids heard on that channel.</summary>
    public required IReadOnlyList<ChannelAssignment> Channels { get; init; }
    public long DurationMs { get; init; }
    /// <summary>MERGE_WORKER_ID of the Mixer that did the work.</summary>
    public string WorkerId { get; init; } = "";
    /// <summary>Bytes this moved through the worker; zero from senders that predate the field.</summary>
    public TransferCounts Transfer { get; init; } = new();
    /// <summary>What the Mixer noticed but could work around (a damaged packet, a clipped track): kept in the job's record.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Speech loudness measured and gain applied per participant; null from senders that predate the field.</summary>
    public MixLoudness? Loudness { get; init; }
    /// <summary>The time map from mix time to the wall clock (room_mix.timeline); null from senders that predate it.</summary>
    public MixTimeline? Timeline { get; init; }
}
