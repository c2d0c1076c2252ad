namespace MergeBus.Contracts;

/// <summary>Move the staged mix to its final keys and record it in the manifest.</summary>
public record PublishMix
{
    public required string JobId { get; init; }
    /// <summary>The job's attempt: 1, plus one per failed attempt before it (the status key's retries + 1).</summary>
    public required int Attempt { get; init; }
    /// <summary>The saga's try number for this step: replies carrying an older one are stale and ignored.</summary>
    public int Try { get; init; }
    public required string ManifestPath { get; init; }
    public required IReadOnlyList<StagedArtifact> Artifacts { get; init; }
    public required IReadOnlyList<ChannelAssignment> Channels { get; init; }
    public required string Layout { get; init; }
    public string StagingPrefix { get; init; } = "";
    /// <summary>Recorded in room_mix.loudness when present.</summary>
    public MixLoudness? Loudness { get; init; }
    /// <summary>Recorded in room_mix.timeline when present.</summary>
    public MixTimeline? Timeline { get; init; }
}
