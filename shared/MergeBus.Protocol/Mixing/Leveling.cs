namespace MergeBus.Protocol.Mixing;

/// <summary>Speaker leveling modes (<c>mergebus.loudness</c>, <c>--loudness</c>, manifest <c>loudness</c>).</summary>
public static class LoudnessModes
{
    /// <summary>Every speaker at their recorded level; only the limiter acts.</summary>
    public const string Off = "off";
    /// <summary>One static gain per participant brings their speech to the target loudness.</summary>
    public const string Speech = "speech";

    public static readonly IReadOnlyList<string> All = [Off, Speech];

    public static string Validate(string? mode)
    {
        var value = string.IsNullOrWhiteSpace(mode) ? Off : mode.Trim().ToLowerInvariant();
        return All.Contains(value)
            ? value
            : throw new PermanentMergeException($"unknown loudness mode '{mode}': use one of {string.Join(", ", All)}");
    }
}

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

/// <summary>Non-audio artifacts written with every mix.</summary>
public static class ArtifactFormats
{
    /// <summary>speech.json: who spoke when, in mix time.</summary>
    public const string SpeechJson = "speech_json";
    public const string SpeechJsonFileName = "speech.json";
}
