namespace MergeBus.Contracts;

/// <summary>One participant's speech loudness as recorded, and the one static gain the mix gave them.</summary>
public record ParticipantLoudness
{
    public required string ParticipantId { get; init; }
    public string Identity { get; init; } = "";
    /// <summary>Gated BS.1770 integrated loudness of their speech only (LUFS); null when they never spoke.</summary>
    public double? SpeechLufs { get; init; }
    /// <summary>The static gain applied in the mix (dB); 0 when leveling is off.</summary>
    public double GainDb { get; init; }
    /// <summary>True peak of their recorded track (dBTP); measured only when leveling.</summary>
    public double? TruePeakDbtp { get; init; }
    /// <summary>How much of the mix they spoke, per the speech index.</summary>
    public long SpeechMs { get; init; }
}
