namespace MergeBus.Ingest.Components.History;

/// <summary>What the Mixer made: its length, the channel map and any warnings.</summary>
public sealed record MixMade(
    string JobId, int Attempt, long DurationMs, IReadOnlyList<ChannelRow> Channels, IReadOnlyList<string> Warnings)
{
    /// <summary>Speaker leveling: the mode, and per participant the speech loudness measured and the gain applied.</summary>
    public MergeBus.Contracts.MixLoudness? Loudness { get; init; }
}
