namespace MergeBus.Contracts;

/// <summary>Speaker leveling of one mix: its settings and what it measured and applied per participant.</summary>
public record MixLoudness
{
    /// <summary>off or speech.</summary>
    public required string Mode { get; init; }
    public double TargetLufs { get; init; }
    public double MaxGainDb { get; init; }
    public IReadOnlyList<ParticipantLoudness> Participants { get; init; } = [];
}
