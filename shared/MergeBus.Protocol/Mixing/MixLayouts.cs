namespace MergeBus.Protocol.Mixing;

/// <summary>How participants are laid out on the mix's channels.</summary>
public static class MixLayouts
{
    /// <summary>One mixdown, stereo unless the manifest says mono.</summary>
    public const string Mix = "mix";
    /// <summary>One channel per participant, in channel order (the old worker's layout).</summary>
    public const string PerParticipant = "per_participant";
    /// <summary>Agents on the left channel, everyone else on the right.</summary>
    public const string DualChannelAgent = "dual_channel_agent";
    /// <summary>Participants alternate left, right, left… in channel order.</summary>
    public const string DualChannelAlternate = "dual_channel_alternate";

    public static readonly IReadOnlyList<string> All = [Mix, PerParticipant, DualChannelAgent, DualChannelAlternate];

    public static string Validate(string? layout)
    {
        var value = string.IsNullOrWhiteSpace(layout) ? Mix : layout.Trim().ToLowerInvariant();
        return All.Contains(value)
            ? value
            : throw new PermanentMergeException($"unknown layout '{layout}': use one of {string.Join(", ", All)}");
    }
}
