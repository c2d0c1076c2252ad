namespace MergeBus.Mixer.Components.Mixing;

/// <summary>One participant file. <paramref name="OffsetSamples"/> (48 kHz) is where position 0 of its own timeline lands in the mix.</summary>
/// <param name="Gain">Linear gain applied where this input's samples are summed into the mix (1 = unchanged), e.g. loudness leveling.</param>
public sealed record MixInput(string ParticipantId, string LocalPath, long OffsetSamples, bool IsAgent, float Gain = 1f)
{
    /// <summary>The participant's identity, for the speech index.</summary>
    public string Identity { get; init; } = "";
}

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
    string BaseName)
{
    /// <summary>Optional observer of every input's decoded, placed PCM (e.g. speech detection); null for none.</summary>
    public IMixTap? Tap { get; init; }

    /// <summary>libopus encoder complexity for Ogg Opus outputs, 0–10; null: the Mixer's setting (<c>mergebus.opus.complexity</c>, default 10).</summary>
    public int? OpusComplexity { get; init; }

    /// <summary>Speaker leveling; off unless asked for.</summary>
    public MergeBus.Protocol.Mixing.LoudnessOptions Loudness { get; init; } = MergeBus.Protocol.Mixing.LoudnessOptions.Off;
}

/// <summary>
/// Sees each input's audio as the mixer places it on the mix timeline, block by block in timeline order, before
/// the input's gain. Called on the mixing thread: keep it quick, and copy what must outlive the call.
/// </summary>
public interface IMixTap
{
    /// <param name="inputIndex">Index into <see cref="MixRequest.Inputs"/>.</param>
    /// <param name="timelineStart">Mix position (48 kHz samples) of the first frame in <paramref name="samples"/>.</param>
    /// <param name="samples">Interleaved f32, <paramref name="channels"/> wide (1 or 2); holes inside the block are zeros.
    /// Blocks where the input has no audio at all are not reported.</param>
    void OnInputBlock(int inputIndex, long timelineStart, ReadOnlySpan<float> samples, int channels);
}

public sealed record MixOutput(string Format, string Path, long DurationMs, int ChannelCount, int SampleRate);

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

/// <param name="SpeechLufs">Gated BS.1770 loudness of the participant's speech as recorded; null without speech.</param>
/// <param name="GainDb">The one static gain applied (0 when leveling is off).</param>
/// <param name="TruePeakDbtp">True peak of the recorded track; measured only when leveling.</param>
public sealed record SpeakerLevel(string ParticipantId, string Identity, double? SpeechLufs, double GainDb, double? TruePeakDbtp, long SpeechMs);

public interface IRoomMixBuilder
{
    /// <summary>
    /// Mixes and encodes every requested format in one pass. Bad input throws
    /// <see cref="MergeBus.Protocol.PermanentMergeException"/>; on any failure or cancellation no output file remains.
    /// </summary>
    Task<MixResult> BuildAsync(MixRequest request, IProgress<double>? progress, CancellationToken cancellationToken);
}
