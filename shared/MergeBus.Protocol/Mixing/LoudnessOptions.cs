namespace MergeBus.Protocol.Mixing;

/// <summary>How a mix levels its speakers. Defaults: off, −18 LUFS, ±20 dB.</summary>
public sealed record LoudnessOptions
{
    public const double DefaultTargetLufs = -18;
    // 20 dB: a quiet laptop microphone (about −34 to −38 LUFS of speech) must reach −18 on a channel of its own; the
    // speech gate, not the clamp, is what keeps a line of background noise from being raised.
    public const double DefaultMaxGainDb = 20;

    public static LoudnessOptions Off { get; } = new();

    public string Mode { get; init; } = LoudnessModes.Off;
    public double TargetLufs { get; init; } = DefaultTargetLufs;
    public double MaxGainDb { get; init; } = DefaultMaxGainDb;

    public bool Levels => Mode == LoudnessModes.Speech;

    /// <summary>The one static gain for a participant whose speech measured <paramref name="speechLufs"/>; 0 dB without speech.</summary>
    public double GainDbFor(double? speechLufs) =>
        !Levels || speechLufs is not { } measured ? 0 : Math.Clamp(TargetLufs - measured, -MaxGainDb, MaxGainDb);
}
