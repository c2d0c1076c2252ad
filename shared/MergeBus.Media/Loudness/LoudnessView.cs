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
}
