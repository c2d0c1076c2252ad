using System.Runtime.InteropServices;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Synthesis;
using Xunit;

namespace MergeBus.Testing.Audio;

/// <summary>The audio checks every merged mix must pass: decoded, its length matches the truth and every burst sounds.</summary>
public static class MixChecks
{
    /// <summary>A mix file decoded to 48 kHz mono float samples.</summary>
    public static async Task<float[]> DecodeAsync(string path)
    {
        using var pcm = new MemoryStream();
        await FfmpegRunner.RunAsync(
            FfmpegCommand.Ffmpeg("-loglevel", "error", "-i", FfmpegCommand.LocalFile(path), "-f", "f32le", "-ac", "1", "-ar", "48000", "pipe:1"),
            CancellationToken.None,
            readStdout: (stdout, ct) => stdout.CopyToAsync(pcm, ct));
        return MemoryMarshal.Cast<byte, float>(pcm.GetBuffer().AsSpan(0, (int)pcm.Length)).ToArray();
    }

    /// <summary>RMS of each generated burst, 30 ms inside its edges.</summary>
    public static IReadOnlyList<(double Start, double End, double Rms)> Bursts(float[] samples, SyntheticSession truth) =>
        truth.Bursts.Select(b => (b.StartSeconds, b.EndSeconds, Rms(samples, b.StartSeconds + 0.03, b.EndSeconds - 0.03))).ToList();

    public static double Rms(float[] samples, double from, double to)
    {
        var start = Math.Clamp((int)(from * 48000), 0, samples.Length);
        var end = Math.Clamp((int)(to * 48000), start, samples.Length);
        if (end <= start) return 0;
        double sum = 0;
        for (var i = start; i < end; i++) sum += samples[i] * (double)samples[i];
        return Math.Sqrt(sum / (end - start));
    }

    /// <summary>Length within 20 ms of the latest participant's timeline (nothing truncated); no burst silent.</summary>
    public static void AssertFaithful(string what, double durationSeconds, IReadOnlyList<(double Start, double End, double Rms)> bursts,
        SyntheticSession truth)
    {
        Assert.True(Math.Abs(durationSeconds - truth.ExpectedTimelineSeconds) <= 0.020,
            $"{what}: {durationSeconds:F4} s decoded, {truth.ExpectedTimelineSeconds:F4} s expected");
        Assert.NotEmpty(bursts);
        foreach (var (start, end, rms) in bursts)
            Assert.True(rms > 0.02, $"{what}: silence where a burst is ({start:F3}-{end:F3} s, RMS {rms:F4})");
    }
}
