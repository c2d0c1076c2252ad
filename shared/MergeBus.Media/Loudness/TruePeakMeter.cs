using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MergeBus.Media.Loudness;

/// <summary>
/// True peak per ITU-R BS.1770-4 Annex 2: the signal is oversampled 4× (48 → 192 kHz) by a polyphase
/// windowed-sinc interpolator (48 taps, 12 per phase) and the largest absolute value is kept, so peaks between
/// samples (which a DAC or a lossy decoder reproduces) are seen. One instance per channel, streaming.
/// </summary>
public sealed class TruePeakMeter
{
    private const int Phases = 4;
    private const int TapsPerPhase = 12;
    private static readonly double[][] Coefficients = Design();

    // Tap k of the four phases side by side: one vector lane per phase, each summed in the scalar order.
    private static readonly Vector256<double>[] TapsAcrossPhases = [.. Enumerable.Range(0, TapsPerPhase)
        .Select(k => Vector256.Create(Coefficients[0][k], Coefficients[1][k], Coefficients[2][k], Coefficients[3][k]))];

    // Samples per stretch of the run method that is checked against the peak so far before it is interpolated.
    private const int Stretch = 32;

    // The most any phase can amplify: |y| ≤ Reach · max|x| over its window (a hair above Σ|taps|, for rounding).
    private static readonly double Reach = Coefficients.Max(phase => phase.Sum(Math.Abs)) * (1 + 1e-9);

    // The last TapsPerPhase samples, newest first from head, stored twice so a window never wraps (no modulo per tap).
    private readonly double[] history = new double[2 * TapsPerPhase];
    private int head;

    public double Peak { get; private set; }

    /// <summary>The peak in dBTP (dB relative to full scale, true peak).</summary>
    public double PeakDbtp => Peak <= 0 ? double.NegativeInfinity : 20 * Math.Log10(Peak);

    public void Process(double x)
    {
        head = head == 0 ? TapsPerPhase - 1 : head - 1;
        history[head] = x;
        history[head + TapsPerPhase] = x;
        var window = history.AsSpan(head, TapsPerPhase);
        for (var phase = 0; phase < Phases; phase++)
        {
            var taps = Coefficients[phase];
            double y = 0;
            for (var k = 0; k < TapsPerPhase; k++)
            {
                y += taps[k] * window[k];
            }

            var magnitude = Math.Abs(y);
            if (magnitude > Peak)
            {
                Peak = magnitude;
            }
        }
    }

    /// <summary>
    /// One channel of a run of interleaved samples. The four phases are the four lanes of a vector, each lane the
    /// scalar sum in the same order: the peak agrees with <see cref="Process(double)"/> per sample to ~10⁻¹⁰ dB (the
    /// JIT may fuse a lane's multiply-adds). A stretch whose loudest sample cannot reach past the peak so far through
    /// any phase (|y| ≤ Σ|taps| · max|x|) is only remembered, not interpolated: once a speaker's loudest syllable has
    /// passed, that is most of the track, and the peak is the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from its first call: a fresh Mixer never runs it unoptimized
    public void Process(ReadOnlySpan<float> interleaved, int channels, int channel)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            for (var at = channel; at < interleaved.Length; at += channels)
            {
                Process(interleaved[at]);
            }

            return;
        }

        var taps = TapsAcrossPhases.AsSpan(0, TapsPerPhase);
        var line = history.AsSpan();
        var peak = Peak;
        var frames = interleaved.Length / channels;
        for (var first = 0; first < frames; first += Stretch)
        {
            var end = Math.Min(frames, first + Stretch) * channels;
            // Every sample any output of this stretch is made of: the stretch's own and the history's.
            var loudest = 0.0;
            foreach (var h in line[..TapsPerPhase])
            {
                loudest = Math.Max(loudest, Math.Abs(h));
            }

            for (var at = (first * channels) + channel; at < end; at += channels)
            {
                loudest = Math.Max(loudest, Math.Abs(interleaved[at]));
            }

            if (loudest * Reach <= peak)
            {
                for (var at = (first * channels) + channel; at < end; at += channels)
                {
                    head = head == 0 ? TapsPerPhase - 1 : head - 1;
                    line[head] = line[head + TapsPerPhase] = interleaved[at];
                }

                continue;
            }

            var best = Vector256.Create(peak);
            for (var at = (first * channels) + channel; at < end; at += channels)
            {
                head = head == 0 ? TapsPerPhase - 1 : head - 1;
                double x = interleaved[at];
                line[head] = x;
                line[head + TapsPerPhase] = x;
                var window = line.Slice(head, TapsPerPhase);
                var y = Vector256<double>.Zero;
                for (var k = 0; k < TapsPerPhase; k++)
                {
                    y += taps[k] * Vector256.Create(window[k]);
                }

                best = Vector256.Max(best, Vector256.Abs(y));
            }

            peak = Math.Max(Math.Max(best[0], best[1]), Math.Max(best[2], best[3]));
        }

        Peak = peak;
    }

    /// <summary>Kaiser-windowed sinc low-pass at the original Nyquist, split into 4 phases, each normalised to unity DC gain.</summary>
    private static double[][] Design()
    {
        const int length = Phases * TapsPerPhase;
        const double beta = 6.0;
        var center = (length - 1) / 2.0;
        var phases = new double[Phases][];
        for (var p = 0; p < Phases; p++)
        {
            phases[p] = new double[TapsPerPhase];
            for (var k = 0; k < TapsPerPhase; k++)
            {
                var n = (k * Phases) + p;
                var t = (n - center) / Phases;
                var sinc = t == 0 ? 1.0 : Math.Sin(Math.PI * t) / (Math.PI * t);
                var ratio = (n - center) / center;
                var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (ratio * ratio)))) / BesselI0(beta);
                phases[p][k] = sinc * window;
            }

            var sum = phases[p].Sum();
            for (var k = 0; k < TapsPerPhase; k++)
            {
                phases[p][k] /= sum;
            }
        }

        return phases;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (var k = 1; k < 30; k++)
        {
            term *= x / (2 * k);
            sum += term * term;
        }

        return sum;
    }
}
