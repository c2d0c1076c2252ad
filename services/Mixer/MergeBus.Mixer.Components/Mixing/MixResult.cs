namespace MergeBus.Mixer.Components.Mixing;

/// <summary><paramref name="TimelineSamples"/> is the mix length at 48 kHz.</summary>
public sealed record MixResult(IReadOnlyList<MixOutput> Outputs, IReadOnlyList<MergeBus.Contracts.ChannelAssignment> Channels, long TimelineSamples)
{
    /// <summary>Things that went right but not as expected (e.g. a decoder yielding fewer samples than its packets promise).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>speech.json, written beside the outputs (who spoke when, in mix time).</summary>
    public string? SpeechIndexPath { get; init; }

    /// <summary>Per input, in input order: speech loudness as measured and the gain applied.</summary>
    public IReadOnlyList<SpeakerLevel> Speakers { get; init; } = [];
}
