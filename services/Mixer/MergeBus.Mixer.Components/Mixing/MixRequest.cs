namespace MergeBus.Mixer.Components.Mixing;

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

    /// <summary>Also write one aligned mono file per person (the mix's length, from mix time 0) in the same pass.</summary>
    public bool Stems { get; init; }

    /// <summary>Speaker leveling; off unless asked for.</summary>
    public MergeBus.Protocol.Mixing.LoudnessOptions Loudness { get; init; } = MergeBus.Protocol.Mixing.LoudnessOptions.Off;
}
