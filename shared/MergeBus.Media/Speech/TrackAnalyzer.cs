using System.Runtime.CompilerServices;
using MergeBus.Media.Loudness;

namespace MergeBus.Media.Speech;

/// <summary>
/// Watches one participant's decoded PCM as it is placed on the mix timeline and keeps, per 10 ms frame of mix
/// time, four small numbers: how many samples packets covered, their mean square (for the speech decision) and
/// their K-weighted energy as the delivered file and as a mono stem carry them (for BS.1770 loudness). They go to a
/// <see cref="FrameLog"/> on disk (14 bytes per 10 ms, 5.0 MB per participant-hour); the decoded audio is never kept. <see cref="Analyze"/> then decides speech and
/// measures its loudness from the frames alone.
/// </summary>
public sealed class TrackAnalyzer : IDisposable
{
    public const int SampleRate = 48000;
    public const int FrameSamples = 480;

    private readonly int channels;
    private readonly LoudnessView fileView;
    private readonly LoudnessView stemView;
    private readonly KWeighting[] weighting;
    private readonly TruePeakMeter[]? truePeak;
    private readonly FrameLog frames;
    private readonly double[] weightedRun; // one frame's K-weighted samples, channel by channel
    private readonly (LoudnessRow File, LoudnessRow Stem)? monoRows; // a mono input whose views are one row each: one pass
    private readonly List<(long Start, long End)> covered = []; // sample-exact stretches packets covered, merged

    // The frame being filled: later calls may add to it until one reaches past it.
    private int open = -1;
    private short openPresent;
    private float openPower;
    private float openWeighted;
    private float openStemWeighted;
    private bool sealedLog;
    private List<(int Start, int End)>? runs;
    private SpeechRules? runsRules;

    /// <param name="channels">Interleaved channels of the PCM handed to <see cref="Observe"/> (1 or 2).</param>
    /// <param name="measureTruePeak">Also track the true peak (4× oversampled); costs about as much as the rest.</param>
    /// <param name="directory">Where the frame figures are kept (default: the temp folder).</param>
    /// <param name="fileView">Where the input lands in the delivered file, so loudness reads as the file will
    /// (default: as recorded).</param>
    /// <param name="stemView">Where it lands in a mono stem (default: folded to mono).</param>
    public TrackAnalyzer(int channels, bool measureTruePeak, string? directory = null, LoudnessView? fileView = null, LoudnessView? stemView = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        this.channels = channels;
        this.fileView = fileView ?? LoudnessView.AsRecorded(channels);
        this.stemView = stemView ?? LoudnessView.Mono(channels);
        weighting = [.. Enumerable.Range(0, channels).Select(_ => new KWeighting())];
        truePeak = measureTruePeak ? [.. Enumerable.Range(0, channels).Select(_ => new TruePeakMeter())] : null;
        frames = new FrameLog(directory);
        weightedRun = new double[channels * FrameSamples];
        if (channels == 1 && this.fileView.Rows.Count == 1 && this.stemView.Rows.Count == 1)
        {
            monoRows = (this.fileView.Rows[0], this.stemView.Rows[0]);
        }
    }

    public int Frames => sealedLog ? frames.Count : open + 1;

    /// <summary>Every frame's figures, after the last observation (tests compare them with the per-sample loop's).</summary>
    internal IReadOnlyList<FrameFigures> Figures
    {
        get
        {
            Seal();
            return frames;
        }
    }

    /// <summary>
    /// Takes decoded samples that packets covered, starting at <paramref name="mixPosition"/> (48 kHz). Calls must
    /// move forward; anything never observed (a DTX hole, before the join) is absent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from its first call: a fresh Mixer never runs it unoptimized
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
            var run = interleaved.Slice(i * channels, take * channels);
            var (power, file, stem) = monoRows is { } rows ? weighting[0].ProcessMono(run, rows.File, rows.Stem) : Sums(run, take);
            if (truePeak is not null)
            {
                for (var c = 0; c < channels; c++)
                {
                    truePeak[c].Process(run, channels, c);
                }
            }

            openPresent += (short)take;
            openPower += (float)(power / channels);
            openWeighted += (float)file;
            openStemWeighted += (float)stem;
            i += take;
        }
    }

    /// <summary>
    /// Any channel count and views: a channel's run at a time, each sum in the order the per-sample loop used
    /// (identical figures).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double Power, double File, double Stem) Sums(ReadOnlySpan<float> run, int take)
    {
        var k = weightedRun.AsSpan(0, take * channels);
        for (var c = 0; c < channels; c++)
        {
            weighting[c].Process(run, channels, c, k.Slice(c * take, take));
        }

        double power = 0;
        foreach (double x in run)
        {
            power += x * x;
        }

        return (power, fileView.SumEnergy(k, channels, take), stemView.SumEnergy(k, channels, take));
    }

    /// <summary>Decides speech (see <see cref="SpeechRules"/>) and measures its gated loudness.</summary>
    public TrackAnalysis Analyze(SpeechRules? rules = null) => AnalyzeTogether([this], rules);

    /// <summary>
    /// One person recorded as several fragments (a rejoin, a second device): speech of every fragment, merged in
    /// time order, and one gated loudness measured over all of their speech together.
    /// </summary>
    public static TrackAnalysis AnalyzeTogether(IReadOnlyList<TrackAnalyzer> fragments, SpeechRules? rules = null)
    {
        rules ??= SpeechRules.Default;
        var file = new GatedLoudness();
        var stem = new GatedLoudness();
        var segments = new List<SpeechSegment>();
        double? peak = null;
        foreach (var fragment in fragments)
        {
            foreach (var (start, end) in fragment.Runs(rules))
            {
                for (var f = start; f < end; f++)
                {
                    var figures = fragment.frames[f];
                    file.Add(figures.Weighted, FrameSamples);
                    stem.Add(figures.StemWeighted, FrameSamples);
                }

                segments.Add(fragment.ClipToCovered((long)start * FrameSamples, (long)end * FrameSamples));
            }

            if (fragment.truePeak is not null && fragment.truePeak.Max(m => m.PeakDbtp) is var p && double.IsFinite(p))
            {
                peak = Math.Max(peak ?? double.NegativeInfinity, p);
            }
        }

        return new TrackAnalysis(Merge(segments), file.IntegratedLufs(), peak) { StemSpeechLufs = stem.IntegratedLufs() };
    }

    /// <summary>Speech runs in frames, decided once per rules.</summary>
    private List<(int Start, int End)> Runs(SpeechRules rules)
    {
        Seal();
        if (runs is null || !ReferenceEquals(runsRules, rules))
        {
            runs = SpeechSegmenter.Find(frames, rules);
            runsRules = rules;
        }

        return runs;
    }

    /// <summary>Sorted by start; segments that overlap or touch become one.</summary>
    private static List<SpeechSegment> Merge(List<SpeechSegment> segments)
    {
        segments.Sort((a, b) => a.StartSample.CompareTo(b.StartSample));
        var merged = new List<SpeechSegment>(segments.Count);
        foreach (var segment in segments)
        {
            if (merged.Count > 0 && segment.StartSample <= merged[^1].EndSample)
            {
                merged[^1] = new SpeechSegment(merged[^1].StartSample, Math.Max(merged[^1].EndSample, segment.EndSample));
            }
            else
            {
                merged.Add(segment);
            }
        }

        return merged;
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
            frames.Append(new FrameFigures(openPresent, openPower, openWeighted, openStemWeighted));
        }

        while (frames.Count < frame)
        {
            frames.Append(default);
        }

        (open, openPresent, openPower, openWeighted, openStemWeighted) = (frame, 0, 0, 0, 0);
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
