using System.Diagnostics;
using MergeBus.Media.Speech;

namespace MergeBus.Bench;

/// <summary>
/// What the speech/loudness analyzer costs on its own: it watches every decoded sample of every input in every mix
/// (the speech index), and with true peak in the measuring pass of leveling. Timed in-process on 10 minutes of
/// speech-like PCM, fed in the mix's 0.25 s blocks, and scaled to one participant-hour.
/// </summary>
public sealed record AnalyzerCost(double IndexCpuSecondsPerHour, double LevelingCpuSecondsPerHour, long BytesPerHour)
{
    private const int Rate = 48_000;
    private const int Block = 12_000;
    private const double Seconds = 600;

    public static AnalyzerCost Measure()
    {
        var signal = SpeechLike();
        var index = Time(signal, measureTruePeak: false);
        var leveling = Time(signal, measureTruePeak: true);
        var scale = 3600 / Seconds;
        // One FrameFigures per 10 ms frame, on disk.
        return new AnalyzerCost(index * scale, leveling * scale, 3600L * 100 * FrameLog.BytesPerFrame);
    }

    private static double Time(float[] signal, bool measureTruePeak)
    {
        using var analyzer = new TrackAnalyzer(1, measureTruePeak);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var total = (long)(Seconds * Rate);
        for (long at = 0; at < total; at += Block)
        {
            analyzer.Observe(at, signal.AsSpan((int)(at % signal.Length), Block), 1);
        }

        _ = analyzer.Analyze();
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    }

    /// <summary>Ten seconds of tone bursts and pauses over faint noise, repeated.</summary>
    private static float[] SpeechLike()
    {
        var random = new Random(1);
        var samples = new float[Rate * 10];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / (double)Rate;
            var talking = (t % 1.0) < 0.6;
            samples[i] = (float)((talking ? 0.1 * Math.Sin(2 * Math.PI * 440 * t) : 0) + (0.001 * ((2 * random.NextDouble()) - 1)));
        }

        return samples;
    }
}
