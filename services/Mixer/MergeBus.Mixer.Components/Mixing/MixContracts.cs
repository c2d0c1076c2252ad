namespace MergeBus.Mixer.Components.Mixing;

/// <summary>One participant file. <paramref name="OffsetSamples"/> (48 kHz) is where position 0 of its own timeline lands in the mix.</summary>
public sealed record MixInput(string ParticipantId, string LocalPath, long OffsetSamples, bool IsAgent);

/// <summary>Inputs are in channel order (offset, then participant id).</summary>
/// <param name="Layout">mix | per_participant | dual_channel_agent | dual_channel_alternate</param>
/// <param name="Formats">ogg_opus | wav_pcm | mp3 | flac</param>
public sealed record MixRequest(
    IReadOnlyList<MixInput> Inputs,
    string Layout,
    IReadOnlyList<string> Formats,
    int SampleRate,
    int ChannelCount,
    string OutputDirectory,
    string BaseName);

public sealed record MixOutput(string Format, string Path, long DurationMs, int ChannelCount, int SampleRate);

/// <summary><paramref name="TimelineSamples"/> is the mix length at 48 kHz.</summary>
public sealed record MixResult(IReadOnlyList<MixOutput> Outputs, IReadOnlyList<MergeBus.Contracts.ChannelAssignment> Channels, long TimelineSamples)
{
    /// <summary>Things that went right but not as expected (e.g. a decoder yielding fewer samples than its packets promise).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public interface IRoomMixBuilder
{
    /// <summary>
    /// Mixes and encodes every requested format in one pass. Bad input throws
    /// <see cref="MergeBus.Protocol.PermanentMergeException"/>; on any failure or cancellation no output file remains.
    /// </summary>
    Task<MixResult> BuildAsync(MixRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}
