namespace MergeBus.Mixer.Components.Mixing;

/// <summary><paramref name="TimelineSamples"/> is the mix length at 48 kHz.</summary>
public sealed record MixResult(IReadOnlyList<MixOutput> Outputs, IReadOnlyList<MergeBus.Contracts.ChannelAssignment> Channels, long TimelineSamples)
{
    /// <summary>Things that went right but not as expected (e.g. a decoder yielding fewer samples than its packets promise).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>speech.json, written beside the outputs (who spoke when, in mix time).</summary>
    public string? SpeechIndexPath { get; init; }

    /// <summary>One mono file per person and format when <see cref="MixRequest.Stems"/> was asked for, each with its person.</summary>
    public IReadOnlyList<MixOutput> Stems { get; init; } = [];

    /// <summary>Per person (issue 21: one entry per PersonKey, in channel order): speech loudness as measured, the gain applied, first and last speech.</summary>
    public IReadOnlyList<SpeakerLevel> Speakers { get; init; } = [];
}
