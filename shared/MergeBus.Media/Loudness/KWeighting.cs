using System.Runtime.CompilerServices;
namespace MergeBus.Media.Loudness;

/// <summary>
/// The K-weighting pre-filter of ITU-R BS.1770-4 at 48 kHz (its Tables 1 and 2): a high shelf (+4 dB above
/// ~1.5 kHz, the head's effect) followed by the RLB high-pass (~38 Hz). One instance per channel; it keeps state
/// between calls, so a track can be fed block by block.
/// </summary>
public sealed class KWeighting
{
    private const double ShelfB0 = 1.53512485958697, ShelfB1 = -2.69169618940638, ShelfB2 = 1.19839281085285;
    private const double ShelfA1 = -1.69065929318241, ShelfA2 = 0.73248077421585;
    private const double HighPassB0 = 1.0, HighPassB1 = -2.0, HighPassB2 = 1.0;
    private const double HighPassA1 = -1.99004745483398, HighPassA2 = 0.99007225036621;

    // Direct form II transposed state of each stage.
    private double s1, s2, h1, h2;

    /// <summary>Filters one sample and returns the K-weighted value.</summary>
    public double Process(double x)
    {
        var y = (ShelfB0 * x) + s1;
        s1 = (ShelfB1 * x) - (ShelfA1 * y) + s2;
        s2 = (ShelfB2 * x) - (ShelfA2 * y);

        var z = (HighPassB0 * y) + h1;
        h1 = (HighPassB1 * y) - (HighPassA1 * z) + h2;
        h2 = (HighPassB2 * y) - (HighPassA2 * z);
        return z;
    }

    /// <summary>
    /// Filters one channel of a run of interleaved samples into <paramref name="weighted"/>: the same arithmetic as
    /// <see cref="Process(double)"/> in the same order (identical doubles), with the state in registers for the run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from its first call: a fresh Mixer never runs it unoptimized
    public void Process(ReadOnlySpan<float> interleaved, int channels, int channel, Span<double> weighted)
    {
        double a = s1, b = s2, c = h1, d = h2;
        var count = weighted.Length;
        for (int n = 0, at = channel; n < count; n++, at += channels)
        {
            double x = interleaved[at];
            var y = (ShelfB0 * x) + a;
            a = (ShelfB1 * x) - (ShelfA1 * y) + b;
            b = (ShelfB2 * x) - (ShelfA2 * y);

            var z = (HighPassB0 * y) + c;
            c = (HighPassB1 * y) - (HighPassA1 * z) + d;
            d = (HighPassB2 * y) - (HighPassA2 * z);
            weighted[n] = z;
        }

        (s1, s2, h1, h2) = (a, b, c, d);
    }

    /// <summary>
    /// Filters a run of mono samples and, in the same pass, sums what a frame's figures need: the samples' power
    /// (Σ x²) and the K-weighted energy of two one-row views of them (Σ copies · (c · k)²). The same arithmetic in
    /// the same order as <see cref="Process(ReadOnlySpan{float}, int, int, Span{double})"/> followed by a power sum
    /// and <see cref="LoudnessView.SumEnergy"/> for each view, so the doubles are identical; in one pass the three
    /// sums run beside the filter's dependency chain instead of after it, about 3× faster (the analyzer sees every
    /// sample of a dense session).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from its first call: a fresh Mixer never runs it unoptimized
    public (double Power, double First, double Second) ProcessMono(ReadOnlySpan<float> samples, LoudnessRow first, LoudnessRow second)
    {
        double a = s1, b = s2, c = h1, d = h2;
        double firstCopies = first.Copies, firstGain = first.Coefficients[0];
        double secondCopies = second.Copies, secondGain = second.Coefficients[0];
        double power = 0, firstSum = 0, secondSum = 0;
        foreach (var sample in samples)
        {
            double x = sample;
            power += x * x;

            var y = (ShelfB0 * x) + a;
            a = (ShelfB1 * x) - (ShelfA1 * y) + b;
            b = (ShelfB2 * x) - (ShelfA2 * y);

            var z = (HighPassB0 * y) + c;
            c = (HighPassB1 * y) - (HighPassA1 * z) + d;
            d = (HighPassB2 * y) - (HighPassA2 * z);

            var f = firstGain * z;
            firstSum += firstCopies * f * f;
            var g = secondGain * z;
            secondSum += secondCopies * g * g;
        }

        (s1, s2, h1, h2) = (a, b, c, d);
        return (power, firstSum, secondSum);
    }
}
