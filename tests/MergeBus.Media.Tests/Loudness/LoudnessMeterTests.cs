using MergeBus.Media.Analysis;
using MergeBus.Media.Loudness;

namespace MergeBus.Media.Tests.Loudness;

/// <summary>The BS.1770 meter and true-peak meter against the standard's reference and ffmpeg's ebur128.</summary>
public sealed class LoudnessMeterTests
{
    private const int Rate = 48000;

    [Fact]
    public void A_997_Hz_sine_at_minus_20_dBFS_reads_minus_23_LUFS()
    {
        // BS.1770: a 0 dBFS 997 Hz sine on one channel reads −3.01 LUFS.
        var signal = Sine(997, 0.1, 10);

        Assert.InRange(Measure(signal)!.Value, -23.11, -22.91);
    }

    [Fact]
    public async Task Gated_loudness_of_bursts_over_silence_and_noise_agrees_with_ffmpeg_ebur128_within_0_2_LU()
    {
        // Loud bursts, quiet bursts below the relative gate, faint noise below the absolute gate.
        var random = new Random(3);
        var signal = new float[Rate * 20];
        for (var i = 0; i < signal.Length; i++)
        {
            var t = i / (double)Rate;
            var second = (int)t;
            var amplitude = second % 4 == 0 ? 0.3 : second % 4 == 1 ? 0.05 : second % 4 == 2 ? 0.005 : 0;
            signal[i] = (float)((amplitude * Math.Sin(2 * Math.PI * (300 + (second * 170)) * t)) + (0.0002 * ((2 * random.NextDouble()) - 1)));
        }

        var ours = Measure(signal)!.Value;
        var ffmpeg = await EbuR128.MeasureAsync(signal, 1);

        Assert.InRange(ours, ffmpeg.IntegratedLufs - 0.2, ffmpeg.IntegratedLufs + 0.2);
    }

    [Fact]
    public void Silence_has_no_integrated_loudness()
    {
        Assert.Null(Measure(new float[Rate * 3]));
    }

    [Fact]
    public void True_peak_sees_the_peak_between_samples_that_the_sample_peak_misses()
    {
        // fs/4 at 45°: every sample is ±0.707, the waveform reaches 1.0 between them.
        var meter = new TruePeakMeter();
        for (var i = 0; i < Rate; i++)
        {
            meter.Process(Math.Sin((Math.PI / 2 * i) + (Math.PI / 4)));
        }

        Assert.InRange(meter.PeakDbtp, -0.3, 0.3);
    }

    [Fact]
    public void True_peak_over_runs_finds_a_later_peak_between_samples_after_stretches_it_skipped()
    {
        // A loud start, a long quieter middle (skipped: it cannot reach the peak), then fs/4 at 45°: samples at
        // ±0.64, the waveform at 0.9 between them.
        var signal = new float[Rate * 4];
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = i < Rate ? (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / Rate))
                : i < Rate * 3 ? (float)(0.1 * Math.Sin(2 * Math.PI * 300 * i / Rate))
                : (float)(0.9 * Math.Sin((Math.PI / 2 * i) + (Math.PI / 4)));
        }

        var perSample = new TruePeakMeter();
        foreach (var x in signal)
        {
            perSample.Process(x);
        }

        var runs = new TruePeakMeter();
        for (var at = 0; at < signal.Length; at += 480)
        {
            runs.Process(signal.AsSpan(at, 480), 1, 0);
        }

        Assert.InRange(runs.PeakDbtp, 20 * Math.Log10(0.88), 20 * Math.Log10(0.92));
        Assert.Equal(perSample.PeakDbtp, runs.PeakDbtp, 1e-6);
    }

    [Fact]
    public async Task True_peak_agrees_with_ffmpeg_ebur128_within_0_3_dB()
    {
        var random = new Random(5);
        var signal = new float[Rate * 5];
        for (var i = 0; i < signal.Length; i++)
        {
            var t = i / (double)Rate;
            signal[i] = (float)((0.4 * Math.Sin(2 * Math.PI * 11_000 * t)) + (0.3 * Math.Sin(2 * Math.PI * 7_300 * t)) + (0.1 * ((2 * random.NextDouble()) - 1)));
        }

        var meter = new TruePeakMeter();
        foreach (var x in signal)
        {
            meter.Process(x);
        }

        var ffmpeg = await EbuR128.MeasureAsync(signal, 1);

        Assert.InRange(meter.PeakDbtp, ffmpeg.TruePeakDbtp - 0.3, ffmpeg.TruePeakDbtp + 0.3);
    }

    private static double? Measure(float[] signal)
    {
        var weighting = new KWeighting();
        var meter = new GatedLoudness();
        const int slice = 480;
        for (var at = 0; at < signal.Length; at += slice)
        {
            double sum = 0;
            var n = Math.Min(slice, signal.Length - at);
            for (var i = 0; i < n; i++)
            {
                var k = weighting.Process(signal[at + i]);
                sum += k * k;
            }

            meter.Add(sum, n);
        }

        return meter.IntegratedLufs();
    }

    private static float[] Sine(double frequency, double amplitude, double seconds) =>
        [.. Enumerable.Range(0, (int)(seconds * Rate)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / Rate)))];
}
