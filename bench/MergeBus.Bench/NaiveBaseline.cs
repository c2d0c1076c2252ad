using System.Globalization;
using System.Text;
using MergeBus.Media.Ffmpeg;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Bench;

/// <summary>
/// What one would write without MergeBus: a single ffmpeg run that decodes every input, fills DTX holes by
/// timestamp (aresample async), delays each input to its join time, mixes (amix) or stacks (join), limits and
/// encodes with the same limiter settings and Opus bitrate as <see cref="RoomMixBuilder"/>.
/// </summary>
public static class NaiveBaseline
{
    private static readonly string Limiter = "alimiter=limit=0.891:attack=5:release=50:level=0:latency=1";

    /// <summary>Layouts for join with n mono inputs (no LFE), as in the mixer.</summary>
    private static readonly string[] JoinLayouts = ["", "mono", "stereo", "3.0", "4.0", "5.0", "6.0", "7.0", "octagonal"];

    private static readonly string[][] JoinChannels =
    [
        [], ["FC"], ["FL", "FR"], ["FL", "FR", "FC"], ["FL", "FR", "FC", "BC"], ["FL", "FR", "FC", "BL", "BR"],
        ["FL", "FR", "FC", "BC", "SL", "SR"], ["FL", "FR", "FC", "BL", "BR", "SL", "SR"], ["FL", "FR", "FC", "BL", "BR", "BC", "SL", "SR"],
    ];

    /// <param name="timelineSamples">Whole session length at 48 kHz (per_participant pads every input to it: amerge/join stop at the shortest).</param>
    public static FfmpegCommand Create(string layout, IReadOnlyList<MixInput> inputs, long timelineSamples, string outputPath)
    {
        var arguments = new List<string> { "-loglevel", "error", "-y" };
        foreach (var input in inputs)
        {
            arguments.AddRange(["-i", FfmpegCommand.LocalFile(input.LocalPath)]);
        }

        var graph = new StringBuilder();
        for (var i = 0; i < inputs.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[{i}:a]aresample=48000:async=1:first_pts=0,adelay=delays={inputs[i].OffsetSamples}S:all=1");
            if (layout == MixLayouts.PerParticipant)
            {
                graph.Append(CultureInfo.InvariantCulture, $",apad=whole_len={timelineSamples},atrim=end_sample={timelineSamples},{Limiter}");
            }

            graph.Append(CultureInfo.InvariantCulture, $"[a{i}];");
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[a{i}]");
        }

        int channels;
        if (layout == MixLayouts.Mix)
        {
            channels = 2;
            graph.Append(CultureInfo.InvariantCulture, $"amix=inputs={inputs.Count}:normalize=0:duration=longest,{Limiter},aformat=channel_layouts=stereo[out]");
        }
        else if (layout == MixLayouts.PerParticipant)
        {
            channels = inputs.Count;
            if (inputs.Count < JoinLayouts.Length)
            {
                var map = string.Join('|', JoinChannels[inputs.Count].Select((name, c) => $"{c}.0-{name}"));
                graph.Append(CultureInfo.InvariantCulture, $"join=inputs={inputs.Count}:channel_layout={JoinLayouts[inputs.Count]}:map={map}[out]");
            }
            else
            {
                graph.Append(CultureInfo.InvariantCulture, $"amerge=inputs={inputs.Count}[out]");
            }
        }
        else
        {
            throw new ArgumentException($"no naive baseline for layout '{layout}'", nameof(layout));
        }

        var bitrate = Math.Min(48_000 * channels, 510_000).ToString(CultureInfo.InvariantCulture);
        arguments.AddRange(["-filter_complex", graph.ToString(), "-map", "[out]", "-c:a", "libopus", "-b:a", bitrate]);
        if (channels > 2)
        {
            arguments.AddRange(["-mapping_family", "255"]);
        }

        arguments.AddRange(["-f", "ogg", FfmpegCommand.LocalFile(outputPath)]);
        return FfmpegCommand.Ffmpeg(arguments);
    }

    /// <summary>The command as one shell line, for the report.</summary>
    public static string ShellLine(FfmpegCommand command) =>
        "ffmpeg " + string.Join(' ', command.Arguments.Select(a => a.Any(ch => ch is ' ' or ';' or '[' or ']' or '|' or '=') ? $"\"{a}\"" : a));
}
