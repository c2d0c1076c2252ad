using System.Runtime.CompilerServices;
namespace MergeBus.Media.Loudness;

/// <summary>
/// Where one input lands in a delivered file (its rows), so its loudness is measured as the file will read it over
/// all its channels, not as it was recorded. K-weighting is linear, so a row is weighted from the input channels'
/// K-weighted samples at no extra filtering.
/// </summary>
public sealed record LoudnessView(IReadOnlyList<LoudnessRow> Rows)
{
    /// <summary>Every input channel as its own output channel: the input as recorded.</summary>
    public static LoudnessView AsRecorded(int channels) =>
        new([.. Enumerable.Range(0, channels).Select(c => new LoudnessRow([.. Enumerable.Range(0, channels).Select(k => k == c ? 1f : 0f)], 1))]);

    /// <summary>Folded to one channel: mono as is, stereo as (L+R)/2 (a stem, a mono mix, one channel per person).</summary>
    public static LoudnessView Mono(int channels) =>
        new([new LoudnessRow([.. Enumerable.Repeat(1f / channels, channels)], 1)]);

    /// <summary>K-weighted energy of one frame of the view, from the input channels' K-weighted samples.</summary>
    public double Energy(ReadOnlySpan<double> weighted)
    {
        double sum = 0;
        foreach (var row in Rows)
        {
            double x = 0;
            for (var c = 0; c < weighted.Length; c++)
            {
                x += row.Coefficients[c] * weighted[c];
            }

            sum += row.Copies * x * x;
        }

        return sum;
    }

    /// <summary>
    /// Σ over a run of frames of <see cref="Energy"/>, summed in frame order: the same doubles as calling it per frame.
    /// The usual views (one or two rows of a mono or stereo input) run with their coefficients in registers.
    /// </summary>
    /// <param name="weighted">The input channels' K-weighted samples, channel by channel: channel c at [c·count, (c+1)·count).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from its first call: a fresh Mixer never runs it unoptimized
    public double SumEnergy(ReadOnlySpan<double> weighted, int channels, int count)
    {
        double sum = 0;
        if (Rows.Count == 1 && channels is 1 or 2)
        {
            var row = Rows[0];
            double copies = row.Copies, c0 = row.Coefficients[0];
            var k0 = weighted[..count];
            if (channels == 1)
            {
                for (var n = 0; n < count; n++)
                {
                    var x = c0 * k0[n];
                    sum += copies * x * x;
                }

                return sum;
            }

            double c1 = row.Coefficients[1];
            var k1 = weighted.Slice(count, count);
            for (var n = 0; n < count; n++)
            {
                var x = (c0 * k0[n]) + (c1 * k1[n]);
                sum += copies * x * x;
            }

            return sum;
        }

        if (Rows.Count == 2 && channels == 2)
        {
            var (first, second) = (Rows[0], Rows[1]);
            double copies0 = first.Copies, a0 = first.Coefficients[0], a1 = first.Coefficients[1];
            double copies1 = second.Copies, b0 = second.Coefficients[0], b1 = second.Coefficients[1];
            var k0 = weighted[..count];
            var k1 = weighted.Slice(count, count);
            for (var n = 0; n < count; n++)
            {
                var x0 = (a0 * k0[n]) + (a1 * k1[n]);
                var x1 = (b0 * k0[n]) + (b1 * k1[n]);
                sum += (copies0 * x0 * x0) + (copies1 * x1 * x1);
            }

            return sum;
        }

        Span<double> frame = stackalloc double[channels];
        for (var n = 0; n < count; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                frame[c] = weighted[(c * count) + n];
            }

            sum += Energy(frame);
        }

        return sum;
    }
}
