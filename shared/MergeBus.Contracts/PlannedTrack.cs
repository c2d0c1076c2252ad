namespace MergeBus.Contracts;

/// <summary>
/// One input as the Fetcher verified it, and all the Mixer needs to fetch it again and place it. Codec, channel
/// count and sample rate were sent once and read by nobody (the Mixer probes the file it mixes); they were dropped.
/// A reader that still expects them sees their defaults, which it never used.
/// </summary>
public record PlannedTrack
{
    public required string ParticipantId { get; init; }
    public required string ParticipantIdentity { get; init; }
    /// <summary>The track's sid (manifest track_id); empty from Fetchers that predate it.</summary>
    public string TrackId { get; init; } = "";
    public required string StorageKey { get; init; }
    public required string Sha256 { get; init; }
    public long Size { get; init; }
    /// <summary>Where position 0 of this file's own timeline lands in the mix, in samples at 48 kHz.</summary>
    public long OffsetSamples { get; init; }
    /// <summary>The wall-clock time (Unix ns) that <see cref="OffsetSamples"/> stands for; 0 from older Fetchers.</summary>
    public long StartUnixNs { get; init; }
    /// <summary>What placed it: clock_sync, joined_at or egress_started_at (MergeBus.Protocol.Manifests.AlignmentAnchors).</summary>
    public string Anchor { get; init; } = "";
    /// <summary>Length of the file's own timeline (holes included), in samples at 48 kHz.</summary>
    public long TimelineSamples { get; init; }
    /// <summary>True when the participant is recognised as an agent (dual_channel_agent puts it left).</summary>
    public bool IsAgent { get; init; }
    /// <summary>Where audio packets are present on the file's own timeline (the gaps between are DTX/mute holes).</summary>
    public IReadOnlyList<AudioRun> AudioRuns { get; init; } = [];
    /// <summary>Ogg pages that claimed to start before the previous page ended, and were placed right after it.</summary>
    public int OverlapsCorrected { get; init; }
}
