using System.Globalization;
using MergeBus.Protocol;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>How one requested format is encoded: rate and ffmpeg output options (its extension is <see cref="OutputFormats"/>').</summary>
internal sealed record OutputFormat(string Name, int SampleRate, IReadOnlyList<string> EncoderArguments)
{
    /// <summary>With its dot (".ogg").</summary>
    public string Extension => OutputFormats.ExtensionOf(Name);

    public bool IsOpus => Name == OutputFormats.OggOpus;

    public bool IsWav => Name == OutputFormats.WavPcm;

    /// <summary>Today's Opus bitrates: 64 kb/s mono (also a dual-mono room mix), else 48 kb/s per channel, 510 kb/s at most.</summary>
    public int OpusBitrate(int pipeChannels) => pipeChannels == 1 ? 64_000 : Math.Min(48_000 * pipeChannels, 510_000);

    private static readonly int[] OpusRates = [8000, 12000, 16000, 24000, 48000];

    public static OutputFormat Create(string name, int requestedRate, int channels) => name switch
    {
        OutputFormats.OggOpus => Opus(requestedRate, channels),
        OutputFormats.WavPcm => new(name, requestedRate, ["-c:a", "pcm_s16le", "-f", "wav"]),
        OutputFormats.Mp3 => channels <= 2
            ? new(name, requestedRate, ["-c:a", "libmp3lame", "-b:a", channels == 1 ? "96k" : "160k", "-f", "mp3"])
            : throw new PermanentMergeException($"mp3 cannot hold {channels} channels; choose ogg_opus, wav_pcm or flac for this layout"),
        OutputFormats.Flac => channels <= 8
            ? new(name, requestedRate, ["-c:a", "flac", "-sample_fmt", "s16", "-f", "flac"])
            : throw new PermanentMergeException($"flac cannot hold {channels} channels; choose ogg_opus or wav_pcm for this layout"),
        _ => throw OutputFormats.Unknown(name),
    };

    /// <summary>Opus only runs at 8/12/16/24/48 kHz: take the nearest (ties go up).</summary>
    public static int NearestOpusRate(int requested) =>
        OpusRates.OrderBy(rate => Math.Abs(rate - requested)).ThenByDescending(rate => rate).First();

    /// <summary>Each mono stream's share of a many-channel Opus file (48 kb/s each, at most 510 kb/s in all, as libopus would split it).</summary>
    public static int OpusStreamBitrate(int channels) => Math.Min(48_000 * channels, 510_000) / channels;

    private static OutputFormat Opus(int requestedRate, int channels)
    {
        // Above 2 channels each participant must stay a separate, uncoupled stream: family 255
        // (family 1 would treat channel 4 of 6 as LFE and low-pass it).
        string[] mapping = channels > 2 ? ["-mapping_family", "255"] : [];
        var bitrate = (channels == 1 ? 64_000 : Math.Min(48_000 * channels, 510_000)).ToString(CultureInfo.InvariantCulture);
        // (More than 2 channels are coded as separate mono streams, OpusStreamBitrate each: see EncoderSet.)
        return new(OutputFormats.OggOpus, NearestOpusRate(requestedRate), ["-c:a", "libopus", "-b:a", bitrate, .. mapping, "-f", "ogg"]);
    }
}
