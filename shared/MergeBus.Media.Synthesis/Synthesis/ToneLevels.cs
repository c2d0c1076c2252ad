using MergeBus.Media.Loudness;

namespace MergeBus.Media.Synthesis;

/// <summary>Tone amplitudes that read a chosen loudness, from the K-weighting filter's own gain at the tone's pitch.</summary>
public static class ToneLevels
{
    /// <summary>The peak amplitude of a mono sine at <paramref name="frequencyHz"/> whose BS.1770 loudness is <paramref name="lufs"/>.</summary>
    public static double AmplitudeForLufs(double lufs, double frequencyHz)
    {
        // Filter a unit sine for 1 s and take the weighted power of the settled second half.
        var filter = new KWeighting();
        double power = 0;
        const int Settled = 24_000;
        for (var n = 0; n < 48_000; n++)
        {
            var y = filter.Process(Math.Sin(2 * Math.PI * frequencyHz * n / 48_000.0));
            if (n >= Settled)
            {
                power += y * y;
            }
        }

        var unitLufs = GatedLoudness.Lufs(power / (48_000 - Settled));
        return Math.Pow(10, (lufs - unitLufs) / 20);
    }

    /// <summary>The pitch the synthesizer gives participant <paramref name="index"/> (0-based).</summary>
    public static double FrequencyOf(int index) => SessionSchedule.Frequency(index);
}
