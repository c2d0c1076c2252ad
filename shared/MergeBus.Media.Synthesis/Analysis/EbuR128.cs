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
    public static async Task<Reading> MeasureAsync(float[] interleaved, int channels)
    {
        var start = new ProcessStartInfo(FfmpegBinaries.Ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-hide_banner", "-nostats", "-f", "f32le", "-ar", "48000", "-ac", channels.ToString(CultureInfo.InvariantCulture),
                     "-i", "pipe:0", "-af", "ebur128=peak=true", "-f", "null", "-",
                 })
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

    private static double Number(Match match) =>
        match.Success
            ? (match.Groups[1].Value == "-inf" ? double.NegativeInfinity : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException("ebur128 printed no summary");

    [GeneratedRegex(@"I:\s+(-?[\d.]+|-inf) LUFS")]
    private static partial Regex IntegratedLine();

    [GeneratedRegex(@"Peak:\s+(-?[\d.]+|-inf) dBFS")]
    private static partial Regex PeakLine();
}
