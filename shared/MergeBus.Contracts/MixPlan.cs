namespace MergeBus.Contracts;

/// <summary>Everything the Mixer needs, computed once by the Fetcher from the manifest.</summary>
public record MixPlan
{
    public required string ManifestPath { get; init; }
    public required string RoomName { get; init; }
    public required string Layout { get; init; }
    public required IReadOnlyList<string> Formats { get; init; }
    public required int SampleRate { get; init; }
    public required int ChannelCount { get; init; }
    /// <summary>True when inputs are LKAE-encrypted; the mix is then encrypted too.</summary>
    public bool Encrypted { get; init; }
    /// <summary>Storage keys of the outputs, by format (e.g. ogg_opus → room/S/room_mix_room.ogg).</summary>
    public required IReadOnlyDictionary<string, string> OutputKeys { get; init; }
    /// <summary>Tracks in channel order (offset, then participant id).</summary>
    public required IReadOnlyList<PlannedTrack> Tracks { get; init; }
    /// <summary>Length of the mix in samples at 48 kHz: the end of the latest track timeline.</summary>
    public long TimelineSamples { get; init; }
    /// <summary>Speaker leveling: off (from senders that predate the field) or speech.</summary>
    public string Loudness { get; init; } = "off";
    /// <summary>Leveling's target and largest gain either way. Their defaults (what a plan from a sender that predates
    /// them levels with) are the documented ones, MergeBus.Protocol's LoudnessOptions: −18 LUFS, ±20 dB.</summary>
    public double LoudnessTargetLufs { get; init; } = -18;
    public double LoudnessMaxGainDb { get; init; } = 20;
    /// <summary>One aligned mono file per person beside the mix (issue 21); false from senders that predate it.</summary>
    public bool Stems { get; init; }
    /// <summary>The wall-clock time (Unix ns) of mix time 0: the earliest input start; 0 from older Fetchers.</summary>
    public long OriginUnixNs { get; init; }
}
