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
