using MergeBus.Media.Loudness;

namespace MergeBus.Media.Speech;

/// <summary>
/// Watches one participant's decoded PCM as it is placed on the mix timeline and keeps, per 10 ms frame of mix
/// time, three small numbers: how many samples packets covered, their mean square (for the speech decision) and
/// their K-weighted energy (for BS.1770 loudness). They go to a <see cref="FrameLog"/> on disk (10 bytes per 10 ms,
/// 3.6 MB per participant-hour); the decoded audio is never kept. <see cref="Analyze"/> then decides speech and
/// measures its loudness from the frames alone.
/// </summary>
public sealed class TrackAnalyzer : IDisposable
{
    public const int SampleRate = 48000;
    public const int FrameSamples = 480;

    private readonly int channels;
    private readonly KWeighting[] weighting;
    private readonly TruePeakMeter[]? truePeak;
    private readonly FrameLog frames;
    private readonly List<(long Start, long End)> covered = []; // sample-exact stretches packets covered, merged

    // The frame being filled: later calls may add to it until one reaches past it.
    private int open = -1;
    private short openPresent;
    private float openPower;
    private float openWeighted;
    private bool sealedLog;

    /// <param name="channels">Interleaved channels of the PCM handed to <see cref="Observe"/> (1 or 2).</param>
    /// <param name="measureTruePeak">Also track the true peak (4× oversampled); costs about as much as the rest.</param>
    /// <param name="directory">Where the frame figures are kept (default: the temp folder).</param>
    public TrackAnalyzer(int channels, bool measureTruePeak, string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        this.channels = channels;
        weighting = [.. Enumerable.Range(0, channels).Select(_ => new KWeighting())];
        truePeak = measureTruePeak ? [.. Enumerable.Range(0, channels).Select(_ => new TruePeakMeter())] : null;
        frames = new FrameLog(directory);
    }

    public int Frames => sealedLog ? frames.Count : open + 1;

    /// <summary>
    /// Takes decoded samples that packets covered, starting at <paramref name="mixPosition"/> (48 kHz). Calls must
    /// move forward; anything never observed (a DTX hole, before the join) is absent.
    /// </summary>
    public void Observe(long mixPosition, ReadOnlySpan<float> interleaved, int width)
    {
        if (width != channels)
        {
            throw new ArgumentException($"expected {channels} channels, got {width}", nameof(width));
        }

        if (sealedLog)
        {
            throw new InvalidOperationException("the track was already analyzed");
        }

        var count = interleaved.Length / channels;
        if (count > 0)
        {
            if (covered.Count > 0 && covered[^1].End == mixPosition)
            {
                covered[^1] = (covered[^1].Start, mixPosition + count);
            }
            else
            {
                covered.Add((mixPosition, mixPosition + count));
            }
        }

        var i = 0;
        while (i < count)
        {
            var position = mixPosition + i;
            var frame = (int)(position / FrameSamples);
            var room = FrameSamples - (int)(position % FrameSamples);
            var take = Math.Min(room, count - i);
            MoveTo(frame);
            double sumPower = 0, sumWeighted = 0;
            for (var n = 0; n < take; n++)
            {
                var at = (i + n) * channels;
                for (var c = 0; c < channels; c++)
                {
                    double x = interleaved[at + c];
                    sumPower += x * x;
                    var k = weighting[c].Process(x);
                    sumWeighted += k * k;
                    truePeak?[c].Process(x);
                }
            }

            openPresent += (short)take;
            openPower += (float)(sumPower / channels);
            openWeighted += (float)sumWeighted;
            i += take;
        }
    }

    /// <summary>Decides speech (see <see cref="SpeechRules"/>) and measures its gated loudness.</summary>
    public TrackAnalysis Analyze(SpeechRules? rules = null)
    {
        rules ??= SpeechRules.Default;
        Seal();
        var runs = SpeechSegmenter.Find(frames, rules);
        var meter = new GatedLoudness();
        foreach (var (start, end) in runs)
        {
            for (var f = start; f < end; f++)
            {
                meter.Add(frames[f].Weighted, FrameSamples);
            }
        }

        double? peak = truePeak is null ? null : truePeak.Max(m => m.PeakDbtp);
        return new TrackAnalysis(
            [.. runs.Select(r => ClipToCovered((long)r.Start * FrameSamples, (long)r.End * FrameSamples))],
            meter.IntegratedLufs(),
            peak is { } p && double.IsFinite(p) ? p : null);
    }

    /// <summary>Frames are 10 ms; packets are not. A segment's edges never reach into a hole (or before a join).</summary>
    private SpeechSegment ClipToCovered(long start, long end)
    {
        // Stretches are in order: the first ending after start, and the last starting before end.
        var first = LowerBound(c => c.End > start);
        var last = LowerBound(c => c.Start >= end) - 1;
        return first > last
            ? new SpeechSegment(start, end)
            : new SpeechSegment(Math.Max(start, covered[first].Start), Math.Min(end, covered[last].End));
    }

    /// <summary>The first stretch for which <paramref name="past"/> holds (it holds for all later ones).</summary>
    private int LowerBound(Func<(long Start, long End), bool> past)
    {
        int low = 0, high = covered.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (past(covered[middle]))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    public void Dispose() => frames.Dispose();

    /// <summary>Closes the open frame and every frame before <paramref name="frame"/>; the frame becomes the open one.</summary>
    private void MoveTo(int frame)
    {
        if (frame == open)
        {
            return;
        }

        if (frame < open)
        {
            throw new ArgumentException($"frame {frame} observed after frame {open}: calls must move forward");
        }

        if (open >= 0)
        {
            frames.Append(new FrameFigures(openPresent, openPower, openWeighted));
        }

        while (frames.Count < frame)
        {
            frames.Append(default);
        }

        (open, openPresent, openPower, openWeighted) = (frame, 0, 0, 0);
    }

    /// <summary>After the last observation: the open frame goes to the log too.</summary>
    private void Seal()
    {
        if (!sealedLog)
        {
            MoveTo(open + 1);
            sealedLog = true;
        }
    }
}
