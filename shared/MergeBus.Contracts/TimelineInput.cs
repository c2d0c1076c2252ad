namespace MergeBus.Contracts;

/// <summary>One input (a fragment of a person) in the time map, in mix time.</summary>
public record TimelineInput
{
    public required string ParticipantIdentity { get; init; }
    public required string ParticipantId { get; init; }
    public string TrackId { get; init; } = "";
    public string StorageUri { get; init; } = "";
    /// <summary>Where the input's own timeline starts in the mix, ms (fractional: samples at 48 kHz / 48).</summary>
    public double StartMs { get; init; }
    /// <summary>Length of the input's own timeline, holes included, ms.</summary>
    public double LengthMs { get; init; }
    /// <summary>Stretches inside it with no audio packets (DTX, mute), in mix time.</summary>
    public IReadOnlyList<TimelineSpan> Holes { get; init; } = [];
    /// <summary>What placed it: clock_sync, joined_at or egress_started_at.</summary>
    public string Anchor { get; init; } = "";
}
