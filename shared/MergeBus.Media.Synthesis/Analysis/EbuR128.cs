using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

using MergeBus.Media.Ffmpeg;

namespace MergeBus.Media.Analysis;

/// <summary>
/// The independent meter for tests, the demo and the bench: ffmpeg's <c>ebur128</c> filter (peak=true), fed raw
/// f32le through a pipe. Returns its summary's integrated loudness and true peak, as printed (0.1 resolution).
/// </summary>
public static partial class EbuR128
{
    public sealed record Reading(double IntegratedLufs, double TruePeakDbtp);

    /// <summary>Measures interleaved 48 kHz samples of <paramref name="channels"/> channels.</summary>
    /// <param name="dualMono">Read a mono signal as played on both channels of a stereo file (ebur128's <c>dualmono</c>: +3.01 dB).</param>
    /// <param name="layout">The speaker positions to read the channels at (an ffmpeg layout); by default one
    /// full-weight position per channel. Null: none, so ffmpeg guesses, as it does for a file that names none.</param>
    public static async Task<Reading> MeasureAsync(float[] interleaved, int channels, bool dualMono = false, string? layout = "")
    {
        layout = layout == "" ? LayoutOf(channels) : layout;
        var start = new ProcessStartInfo(FfmpegBinaries.Ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        string[] positions = layout is null ? [] : ["-ch_layout", layout];
        string[] arguments =
        [
            "-hide_banner", "-nostats", "-f", "f32le", "-ar", "48000", "-ac", channels.ToString(CultureInfo.InvariantCulture),
            .. positions,
            "-i", "pipe:0", "-af", dualMono ? "ebur128=peak=true:dualmono=true" : "ebur128=peak=true", "-f", "null", "-",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(MemoryMarshal.AsBytes(interleaved.AsSpan()).ToArray()).ConfigureAwait(false);
        process.StandardInput.Close();
        var log = await stderr.ConfigureAwait(false);
        await stdout.ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        var summary = log[log.LastIndexOf("Summary:", StringComparison.Ordinal)..];
        return new Reading(Number(IntegratedLine().Match(summary)), Number(PeakLine().Match(summary)));
    }

    /// <summary>Concatenates the given stretches (seconds) of one channel and measures only them.</summary>
    public static Task<Reading> MeasureStretchesAsync(float[] channel, IEnumerable<(double From, double To)> stretches)
    {
        var joined = new List<float>();
        foreach (var (from, to) in stretches)
        {
            var a = Math.Clamp((int)Math.Round(from * 48000), 0, channel.Length);
            var b = Math.Clamp((int)Math.Round(to * 48000), a, channel.Length);
            joined.AddRange(channel.AsSpan(a, b - a).ToArray());
        }

        return MeasureAsync([.. joined], 1);
    }

    /// <summary>
    /// The whole delivered file over all its channels, as a platform's meter reads it, but only the given stretches
    /// (seconds; a speaker's turns), cut from every channel and joined.
    /// </summary>
    public static Task<Reading> MeasureFileStretchesAsync(DecodedAudio audio, IEnumerable<(double From, double To)> stretches, bool dualMono = false)
    {
        var channels = audio.ChannelCount;
        var joined = new List<float>();
        foreach (var (from, to) in stretches)
        {
            var a = Math.Clamp((int)Math.Round(from * 48000), 0, (int)audio.Samples);
            var b = Math.Clamp((int)Math.Round(to * 48000), a, (int)audio.Samples);
            for (var i = a; i < b; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    joined.Add(audio[c][i]);
                }
            }
        }

        return MeasureAsync([.. joined], channels, dualMono, LayoutOf(audio));
    }

    /// <summary>The whole delivered file, all channels (true peak over every channel).</summary>
    public static Task<Reading> MeasureFileAsync(DecodedAudio audio) =>
        MeasureFileStretchesAsync(audio, [(0, audio.Samples / 48000.0)]);

    /// <summary>
    /// A decoded file is read at the positions ffmpeg read it with, as a platform's meter would: a file that names
    /// none is left to ffmpeg's guess (2.1 for three channels, whose third is LFE and weighs nothing).
    /// </summary>
    private static string? LayoutOf(DecodedAudio audio) =>
        audio.ChannelMask != 0 ? $"0x{audio.ChannelMask:x}"
        : audio.ChannelCount <= 2 ? LayoutOf(audio.ChannelCount)
        : null;

    /// <summary>
    /// Raw samples: every channel weighted 1.0, as one voice per channel must be (ffmpeg weights LFE 0 and side or
    /// back channels 1.41). Only nine front and top-front positions weigh 1.0; more channels are left to ffmpeg.
    /// </summary>
    private static string? LayoutOf(int channels) => channels switch
    {
        1 => "mono",
        2 => "stereo",
        <= 9 => string.Join('+', FullWeightChannels.Take(channels)),
        _ => null,
    };

    private static readonly string[] FullWeightChannels = ["FL", "FR", "FC", "FLC", "FRC", "TC", "TFL", "TFC", "TFR"];

    private static double Number(Match match) =>
        match.Success
            ? (match.Groups[1].Value == "-inf" ? double.NegativeInfinity : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException("ebur128 printed no summary");

    [GeneratedRegex(@"I:\s+(-?[\d.]+|-inf) LUFS")]
    private static partial Regex IntegratedLine();

    [GeneratedRegex(@"Peak:\s+(-?[\d.]+|-inf) dBFS")]
    private static partial Regex PeakLine();
}
