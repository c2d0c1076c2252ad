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
    /// JIT may fuse a lane's multiply-adds).
    /// </summary>
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
        var peak = Vector256.Create(Peak);
        for (var at = channel; at < interleaved.Length; at += channels)
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

            peak = Vector256.Max(peak, Vector256.Abs(y));
        }

        Peak = Math.Max(Math.Max(peak[0], peak[1]), Math.Max(peak[2], peak[3]));
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
