using System.Globalization;
using MergeBus.Media.Ffmpeg;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>One decoder per input: f32le at 48 kHz on stdout, at the input's own channel count (1 or 2).</summary>
internal static class DecoderCommand
{
    /// <summary>
    /// Ogg Opus: plain decode. ffmpeg concatenates the packets (holes dropped, pre-skip removed); the C# side
    /// puts them back at their granule positions.
    /// </summary>
    public static FfmpegCommand OggOpus(string path, int channels) => FfmpegCommand.Ffmpeg(
        "-loglevel", "error",
        "-i", FfmpegCommand.LocalFile(path),
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-ac", channels.ToString(CultureInfo.InvariantCulture), "-ar", "48000",
        "-f", "f32le", "pipe:1");

    /// <summary>
    /// Anything else: keep the container's timestamps (-copyts) and let aresample fill gaps and pad the start
    /// from 0, so the output is already on the file's own timeline.
    /// </summary>
    public static FfmpegCommand Timestamped(string path, int channels) => FfmpegCommand.Ffmpeg(
        "-loglevel", "error",
        "-copyts",
        "-i", FfmpegCommand.LocalFile(path),
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-af", "aresample=48000:async=1:min_hard_comp=0.01:first_pts=0",
        "-ac", channels.ToString(CultureInfo.InvariantCulture), "-ar", "48000",
        "-f", "f32le", "pipe:1");
}
