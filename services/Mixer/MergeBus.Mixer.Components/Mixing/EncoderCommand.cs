using System.Globalization;
using System.Text;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Wav;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// The ffmpeg encoder for the formats only ffmpeg writes (mp3, flac, WAV at other rates): the mixed, already
/// limited f32le PCM on stdin → every such format. No participant text ever enters the filtergraph; it is built
/// from numbers only.
/// </summary>
internal static class EncoderCommand
{
    public static FfmpegCommand Create(ChannelRouting routing, IReadOnlyList<(OutputFormat Format, string Path)> outputs)
    {
        var channels = routing.PipeChannels;
        // One voice per channel: positions a loudness meter weights 1.0 (FLAC and WAV record them), not ffmpeg's
        // guess for the count, which makes a third channel LFE.
        var positions = channels > 2 && DiscreteChannelMask.For(channels) is var mask and not 0
            ? new[] { "-ch_layout", $"0x{mask:x}" }
            : [];
        var arguments = new List<string>
        {
            "-loglevel", "error", "-y",
            "-f", "f32le", "-ar", "48000", "-ac", channels.ToString(CultureInfo.InvariantCulture),
        };
        arguments.AddRange(positions);
        arguments.AddRange(
        [
            "-i", "pipe:0",
            "-filter_complex", Graph([.. outputs.Select(o => routing.DualMono && !o.Format.IsOpus)]),
        ]);
        for (var i = 0; i < outputs.Count; i++)
        {
            var (format, path) = outputs[i];
            arguments.AddRange(["-map", $"[o{i}]", "-ar", format.SampleRate.ToString(CultureInfo.InvariantCulture)]);
            arguments.AddRange(format.EncoderArguments);
            arguments.Add(FfmpegCommand.LocalFile(path));
        }

        return FfmpegCommand.Ffmpeg(arguments);
    }

    /// <param name="widen">Per output: duplicate the mono pipe into two channels at unity gain (dual-mono mixes).</param>
    private static string Graph(IReadOnlyList<bool> widen)
    {
        var outputs = widen.Count;
        var graph = new StringBuilder("[0:a]asplit=").Append(outputs);
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
