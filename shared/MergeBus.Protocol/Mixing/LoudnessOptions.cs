namespace MergeBus.Protocol.Mixing;

/// <summary>How a mix levels its speakers. Defaults: off, −18 LUFS, ±15 dB.</summary>
public sealed record LoudnessOptions
{
    public const double DefaultTargetLufs = -18;
    public const double DefaultMaxGainDb = 15;

    public static LoudnessOptions Off { get; } = new();

    public string Mode { get; init; } = LoudnessModes.Off;
    public double TargetLufs { get; init; } = DefaultTargetLufs;
    public double MaxGainDb { get; init; } = DefaultMaxGainDb;

    public bool Levels => Mode == LoudnessModes.Speech;

    /// <summary>The one static gain for a participant whose speech measured <paramref name="speechLufs"/>; 0 dB without speech.</summary>
    public double GainDbFor(double? speechLufs) =>
        !Levels || speechLufs is not { } measured ? 0 : Math.Clamp(TargetLufs - measured, -MaxGainDb, MaxGainDb);
}
