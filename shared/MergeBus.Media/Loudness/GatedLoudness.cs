namespace MergeBus.Media.Loudness;

/// <summary>
/// Integrated loudness by ITU-R BS.1770-4 / EBU R128: 400 ms gating blocks overlapping by 75 % (one every
/// 100 ms), an absolute gate at −70 LUFS, then a relative gate 10 LU below the loudness of the blocks that passed.
/// Fed with K-weighted energy in any slices (e.g. 10 ms frames), so a caller can feed only the parts it chooses
/// (a participant's speech) and the blocks are formed over those parts joined together.
/// Memory is constant: blocks are kept in a histogram of 0.01 LU bins holding their count and exact energy sum,
/// so only the gate decision is quantised, never the energy that is averaged.
/// </summary>
public sealed class GatedLoudness
{
    public const int SampleRate = 48000;
    private const int StepSamples = SampleRate / 10; // 100 ms
    private const double AbsoluteGateLufs = -70.0;
    private const double RelativeGateLu = -10.0;
    private const double BinLu = 0.01;
    private const double HighestLufs = 10.0;
    private static readonly int BinCount = (int)((HighestLufs - AbsoluteGateLufs) / BinLu) + 1;

    private readonly long[] counts = new long[BinCount];
    private readonly double[] energies = new double[BinCount];
    private readonly double[] steps = new double[4]; // energy of the last four 100 ms steps
    private double stepEnergy;
    private int stepFill;
    private long stepsDone;

    /// <summary>Blocks that passed the absolute gate.</summary>
    public long Blocks { get; private set; }

    /// <summary>Converts a mean square (K-weighted, summed over channels) to LUFS.</summary>
    public static double Lufs(double meanSquare) => meanSquare <= 0 ? double.NegativeInfinity : -0.691 + (10 * Math.Log10(meanSquare));

    /// <summary>
    /// Adds <paramref name="samples"/> samples whose K-weighted squares, summed over channels (BS.1770 weights 1.0 for
    /// L, R, C), total <paramref name="sumOfSquares"/>. Slices may be any length; they are spread evenly over the steps
    /// they cover.
    /// </summary>
    public void Add(double sumOfSquares, int samples)
    {
        while (samples > 0)
        {
            var take = Math.Min(samples, StepSamples - stepFill);
            var share = sumOfSquares * take / samples;
            stepEnergy += share;
            sumOfSquares -= share;
            samples -= take;
            stepFill += take;
            if (stepFill == StepSamples)
            {
                CloseStep();
            }
        }
    }

    /// <summary>The gated integrated loudness in LUFS, or null when no block passed the absolute gate.</summary>
    public double? IntegratedLufs()
    {
        long count = 0;
        double energy = 0;
        for (var i = 0; i < BinCount; i++)
        {
            count += counts[i];
            energy += energies[i];
        }

        if (count == 0)
        {
            return null;
        }

        var relativeGate = Lufs(energy / count) + RelativeGateLu;
        var from = Math.Max(0, (int)Math.Floor((relativeGate - AbsoluteGateLufs) / BinLu));
        count = 0;
        energy = 0;
        for (var i = from; i < BinCount; i++)
        {
            count += counts[i];
            energy += energies[i];
        }

        return count == 0 ? null : Lufs(energy / count);
    }

    private void CloseStep()
    {
        steps[stepsDone % 4] = stepEnergy;
        stepsDone++;
        stepEnergy = 0;
        stepFill = 0;
        if (stepsDone < 4)
        {
            return;
        }

        var meanSquare = (steps[0] + steps[1] + steps[2] + steps[3]) / (4.0 * StepSamples);
        var lufs = Lufs(meanSquare);
        if (lufs <= AbsoluteGateLufs)
        {
            return;
        }

        var bin = Math.Min(BinCount - 1, (int)((lufs - AbsoluteGateLufs) / BinLu));
        counts[bin]++;
        energies[bin] += meanSquare;
        Blocks++;
    }
}
