namespace MergeBus.Media.Analysis;

/// <summary>Where a tone burst is and how loud: measured, not assumed.</summary>
public static class ToneMeasure
{
    private const int Rate = DecodedAudio.SampleRate;

    /// <summary>
    /// Onset and end of a tone burst near where it is expected. The envelope is the mean power over a window
    /// of one period of the tone, centred on each sample; the edges are where it crosses half the burst's own
    /// steady power. sin² has period P/2, so at a hard edge that crossing falls exactly on the edge whatever
    /// the phase: resolution is a fraction of a sample, not a fraction of a period.
    /// </summary>
    public static (double Onset, double End) FindBurst(float[] channel, double frequencyHz, double expectedStart, double expectedEnd, double searchSeconds = 0.1)
    {
        var window = Math.Max(2, (int)Math.Round(Rate / frequencyHz));
        var prefix = PowerPrefix(channel);
        var middleFrom = Index(expectedStart + Math.Min(0.05, (expectedEnd - expectedStart) / 4), channel.Length);
        var middleTo = Index(expectedEnd - Math.Min(0.05, (expectedEnd - expectedStart) / 4), channel.Length);
        var steady = (prefix[middleTo] - prefix[middleFrom]) / Math.Max(1, middleTo - middleFrom);
        if (steady <= 1e-10)
        {
            return (double.NaN, double.NaN);
        }

        var half = steady / 2;
        var onset = double.NaN;
        for (var c = Index(expectedStart - searchSeconds, channel.Length); c < Index(expectedStart + searchSeconds, channel.Length); c++)
        {
            if (CentredPower(prefix, c, window) >= half)
            {
                onset = c / (double)Rate;
                break;
            }
        }

        var end = double.NaN;
        for (var c = Index(expectedEnd + searchSeconds, channel.Length) - 1; c >= Index(expectedEnd - searchSeconds, channel.Length); c--)
        {
            if (CentredPower(prefix, c, window) >= half)
            {
                end = (c + 1) / (double)Rate;
                break;
            }
        }

        return (onset, end);
    }

    /// <summary>RMS in dBFS (20·log10 of the RMS; a full-scale sine reads −3.01). Silence reads −200.</summary>
    public static double RmsDbfs(float[] channel, double fromSeconds, double toSeconds)
    {
        var from = Index(fromSeconds, channel.Length);
        var to = Index(toSeconds, channel.Length);
        double sum = 0;
        for (var i = from; i < to; i++)
        {
            sum += (double)channel[i] * channel[i];
        }

        var rms = Math.Sqrt(sum / Math.Max(1, to - from));
        return rms <= 1e-10 ? -200 : 20 * Math.Log10(rms);
    }

    public static double Peak(float[] channel, double fromSeconds = 0, double toSeconds = double.MaxValue)
    {
        var peak = 0.0;
        for (var i = Index(fromSeconds, channel.Length); i < Index(toSeconds, channel.Length); i++)
        {
            peak = Math.Max(peak, Math.Abs(channel[i]));
        }

        return peak;
    }

    public static double Peak(DecodedAudio audio) => audio.Channels.Max(c => Peak(c));

    /// <summary>dBFS RMS of a sine of peak <paramref name="amplitude"/>.</summary>
    public static double SineRmsDbfs(double amplitude) => 20 * Math.Log10(amplitude / Math.Sqrt(2));

    private static double CentredPower(double[] prefix, int centre, int window)
    {
        var from = Math.Max(0, centre - (window / 2));
        var to = Math.Min(prefix.Length - 1, from + window);
        return (prefix[to] - prefix[from]) / window;
    }

    private static double[] PowerPrefix(float[] channel)
    {
        var prefix = new double[channel.Length + 1];
        for (var i = 0; i < channel.Length; i++)
        {
            prefix[i + 1] = prefix[i] + ((double)channel[i] * channel[i]);
        }

        return prefix;
    }

    private static int Index(double seconds, int length) =>
        (int)Math.Clamp(Math.Round(Math.Min(seconds, 1e7) * Rate), 0, length);
}
