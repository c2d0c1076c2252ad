namespace MergeBus.Media.Speech;

/// <summary>
/// Speech from what we know for certain, refined by measurement:
/// 1. only where packets are present (a DTX hole is silence by definition, and a pause is never bridged across one);
/// 2. a frame is loud when its level reaches the absolute threshold and stands <see cref="SpeechRules.FloorMarginDb"/>
///    above the track's noise floor, so steady comfort noise and hiss never count;
/// 3. loud frames separated by covered pauses up to the hangover form one segment; a segment with fewer than
///    <see cref="SpeechRules.MinActiveFrames"/> loud frames (a click, a breath) is dropped;
/// 4. a segment runs from its first loud frame to the end of its last: the hangover joins, it never lengthens a tail,
///    so segment edges stay within a frame of the sound; edge frames more than <see cref="SpeechRules.EdgeTrimDb"/>
///    below the segment's loudest frame (codec pre-echo, decay tails) are trimmed.
/// </summary>
public static class SpeechSegmenter
{
    public static List<(int Start, int End)> Find(IReadOnlyList<FrameFigures> frames, SpeechRules rules)
    {
        var count = frames.Count;
        var threshold = Math.Max(rules.AbsoluteThresholdDbfs, NoiseFloorDb(frames, rules) + rules.FloorMarginDb);
        var covered = rules.CoveredShare * TrackAnalyzer.FrameSamples;
        var runs = new List<(int Start, int End)>();
        var start = -1;
        var lastLoud = -1;
        var loudCount = 0;
        for (var f = 0; f < count; f++)
        {
            var frame = frames[f];
            var isCovered = frame.Present >= covered;
            var loud = frame.Present > 0 && Level(frame.Power) >= threshold;
            if (loud)
            {
                if (start < 0)
                {
                    start = f;
                    loudCount = 0;
                }

                lastLoud = f;
                loudCount++;
                continue;
            }

            // Quiet frame: the segment survives it only inside the hangover and where packets are present.
            if (start >= 0 && (!isCovered || f - lastLoud > rules.HangoverFrames))
            {
                Close(runs, frames, start, lastLoud, loudCount, rules);
                start = -1;
            }
        }

        if (start >= 0)
        {
            Close(runs, frames, start, lastLoud, loudCount, rules);
        }

        return runs;
    }

    private static void Close(List<(int Start, int End)> runs, IReadOnlyList<FrameFigures> frames, int start, int lastLoud, int loudCount, SpeechRules rules)
    {
        if (loudCount < rules.MinActiveFrames)
        {
            return;
        }

        var end = lastLoud + 1;
        var loudest = double.NegativeInfinity;
        for (var f = start; f < end; f++)
        {
            loudest = Math.Max(loudest, Level(frames[f].Power));
        }

        var floor = loudest - rules.EdgeTrimDb;
        while (start < end && Level(frames[start].Power) < floor)
        {
            start++;
        }

        while (end > start && Level(frames[end - 1].Power) < floor)
        {
            end--;
        }

        runs.Add((start, end));
    }

    /// <summary>dBFS of a frame's mean square (absent samples count as silence).</summary>
    private static double Level(float sumOfSquaresMean) =>
        sumOfSquaresMean <= 0 ? double.NegativeInfinity : 10 * Math.Log10(sumOfSquaresMean / TrackAnalyzer.FrameSamples);

    /// <summary>The given percentile of fully covered frames' levels, from a 0.5 dB histogram (−140…+10 dBFS).</summary>
    private static double NoiseFloorDb(IReadOnlyList<FrameFigures> frames, SpeechRules rules)
    {
        const double lowest = -140, bin = 0.5;
        var histogram = new int[301];
        var total = 0;
        foreach (var frame in frames)
        {
            if (frame.Present < TrackAnalyzer.FrameSamples)
            {
                continue;
            }

            var level = Math.Clamp(Level(frame.Power), lowest, 10);
            histogram[(int)((level - lowest) / bin)]++;
            total++;
        }

        if (total == 0)
        {
            return lowest;
        }

        var wanted = Math.Max(1, (int)Math.Ceiling(total * rules.FloorPercentile));
        var seen = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= wanted)
            {
                return lowest + (i * bin);
            }
        }

        return lowest;
    }
}
