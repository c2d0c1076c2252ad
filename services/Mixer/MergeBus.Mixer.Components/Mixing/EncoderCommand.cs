using System.Globalization;
using System.Text;
using MergeBus.Media.Ffmpeg;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// The one encoder: mixed f32le PCM on stdin → limiter → every requested format. No participant text
/// ever enters the filtergraph; it is built from numbers only.
/// </summary>
internal static class EncoderCommand
{
    /// <summary>≈ −1 dBFS: headroom for lossy codecs, whose decoded peaks overshoot the input a little.</summary>
    public const double LimitLinear = 0.891;

    // level=0: alimiter's auto-level would otherwise raise everything. latency=1: compensate the look-ahead so nothing moves.
    private static readonly string Limiter = string.Create(CultureInfo.InvariantCulture, $"alimiter=limit={LimitLinear}:attack=5:release=50:level=0:latency=1");

    public static FfmpegCommand Create(ChannelRouting routing, IReadOnlyList<(OutputFormat Format, string Path)> outputs)
    {
        var channels = routing.PipeChannels;
        var arguments = new List<string>
        {
            "-loglevel", "error", "-y",
            "-f", "f32le", "-ar", "48000", "-ac", channels.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0",
            "-filter_complex", Graph(channels, routing.LinkedLimiter, [.. outputs.Select(o => routing.DualMono && !o.Format.IsOpus)]),
        };
        for (var i = 0; i < outputs.Count; i++)
        {
            var (format, path) = outputs[i];
            arguments.AddRange(["-map", $"[o{i}]", "-ar", format.SampleRate.ToString(CultureInfo.InvariantCulture)]);
            arguments.AddRange(format.EncoderArguments);
            arguments.Add(FfmpegCommand.LocalFile(path));
        }

        return FfmpegCommand.Ffmpeg(arguments);
    }

    /// <summary>Most channels one <see cref="OpusStreams"/> process codes (join's largest LFE-free layout).</summary>
    public static int MaxOpusStreamsPerProcess => JoinLayouts.Length - 1;

    /// <summary>
    /// Part of a many-channel Ogg Opus file: <paramref name="channels"/> channels on stdin, each behind its own
    /// limiter, coded as that many uncoupled mono Opus streams (one libopus multistream encoder, mapping family 255;
    /// a single channel is a plain mono stream) into an Ogg stream on stdout.
    /// </summary>
    public static FfmpegCommand OpusStreams(int channels, int sampleRate, int bitratePerStream)
    {
        if (channels > MaxOpusStreamsPerProcess)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"at most {MaxOpusStreamsPerProcess} channels per Opus encoder process");
        }

        var graph = new StringBuilder();
        if (channels == 1)
        {
            graph.Append("[0:a]").Append(Limiter);
        }
        else
        {
            AppendPerChannelLimiters(graph, channels);
        }

        graph.Append("[o]");
        var arguments = new List<string>
        {
            "-loglevel", "error",
            "-f", "f32le", "-ar", "48000", "-ac", channels.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0",
            "-filter_complex", graph.ToString(),
            "-map", "[o]", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
            "-c:a", "libopus", "-b:a", (bitratePerStream * channels).ToString(CultureInfo.InvariantCulture),
        };
        if (channels > 1)
        {
            arguments.AddRange(["-mapping_family", "255"]);
        }

        arguments.AddRange(["-f", "ogg", "pipe:1"]);
        return FfmpegCommand.Ffmpeg(arguments);
    }

    /// <summary>
    /// The input through one limiter per channel, joined back in order: one person shouting must not duck another
    /// person's channel.
    /// </summary>
    private static void AppendPerChannelLimiters(StringBuilder graph, int channels)
    {
        graph.Append("[0:a]asplit=").Append(channels);
        for (var c = 0; c < channels; c++)
        {
            graph.Append("[s").Append(c).Append(']');
        }

        for (var c = 0; c < channels; c++)
        {
            graph.Append(";[s").Append(c).Append("]pan=mono|c0=c").Append(c).Append(',').Append(Limiter).Append("[l").Append(c).Append(']');
        }

        graph.Append(';');
        for (var c = 0; c < channels; c++)
        {
            graph.Append("[l").Append(c).Append(']');
        }

        // Without an explicit map, join matches channels by name and every mono input is "FC".
        graph.Append("join=inputs=").Append(channels).Append(":channel_layout=").Append(JoinLayouts[channels]).Append(":map=");
        graph.AppendJoin('|', JoinChannels[channels].Select((name, c) => $"{c}.0-{name}"));
    }

    /// <summary>Layouts without an LFE channel: join needs a named layout, and no participant may become "LFE".</summary>
    private static readonly string[] JoinLayouts = ["", "mono", "stereo", "3.0", "4.0", "5.0", "6.0", "7.0", "octagonal"];

    /// <summary>The channel names of each layout above, in order: join must be told input i goes to channel i.</summary>
    private static readonly string[][] JoinChannels =
    [
        [], ["FC"], ["FL", "FR"], ["FL", "FR", "FC"], ["FL", "FR", "FC", "BC"], ["FL", "FR", "FC", "BL", "BR"],
        ["FL", "FR", "FC", "BC", "SL", "SR"], ["FL", "FR", "FC", "BL", "BR", "SL", "SR"], ["FL", "FR", "FC", "BL", "BR", "BC", "SL", "SR"],
    ];

    /// <param name="widen">Per output: duplicate the mono pipe into two channels at unity gain (dual-mono mixes; Opus is widened in its header instead).</param>
    private static string Graph(int channels, bool linked, IReadOnlyList<bool> widen)
    {
        var outputs = widen.Count;
        var graph = new StringBuilder();

        // Beyond 8 channels ffmpeg 5.1 has no layout to join into: those share one (linked) limiter.
        if (linked || channels == 1 || channels >= JoinLayouts.Length)
        {
            graph.Append("[0:a]").Append(Limiter);
        }
        else
        {
            AppendPerChannelLimiters(graph, channels);
        }

        graph.Append(",asplit=").Append(outputs);
        for (var i = 0; i < outputs; i++)
        {
            graph.Append(widen[i] ? "[w" : "[o").Append(i).Append(']');
        }

        for (var i = 0; i < outputs; i++)
        {
            if (widen[i])
            {
                graph.Append(";[w").Append(i).Append("]pan=stereo|c0=c0|c1=c0[o").Append(i).Append(']');
            }
        }

        return graph.ToString();
    }
}
