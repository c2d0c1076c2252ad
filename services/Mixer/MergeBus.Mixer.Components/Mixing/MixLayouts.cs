namespace MergeBus.Mixer.Components.Mixing;

public static class MixLayouts
{
    public const string Mix = "mix";
    public const string PerParticipant = "per_participant";
    public const string DualChannelAgent = "dual_channel_agent";
    public const string DualChannelAlternate = "dual_channel_alternate";

    public static IReadOnlyList<string> All { get; } = [Mix, PerParticipant, DualChannelAgent, DualChannelAlternate];
}
