namespace MergeBus.Media.Probing;

/// <summary>
/// Bounds the record of where an input has audio. A file may have a hole every 20 ms; the runs travel in messages,
/// the saga and the history, which must stay small whatever the input. The mix never uses this record: the Mixer
/// reads every hole from the file itself.
/// </summary>
public static class AudioRunCoalescer
{
    /// <summary>At most <paramref name="max"/> runs over the same span: the shortest holes are closed first.</summary>
    public static IReadOnlyList<(long Start, long Length)> Coalesce(IReadOnlyList<(long Start, long Length)> runs, int max)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (runs.Count <= max) return runs;

        var gaps = new long[runs.Count - 1];
        for (var i = 0; i < gaps.Length; i++)
            gaps[i] = runs[i + 1].Start - (runs[i].Start + runs[i].Length);
        var sorted = (long[])gaps.Clone();
        Array.Sort(sorted);
        var toClose = runs.Count - max;
        var threshold = sorted[toClose - 1];
        // Every gap shorter than the threshold closes; of those equal to it, only as many as still needed (earliest first).
        var equalToClose = toClose - Array.FindAll(sorted, g => g < threshold).Length;

        var result = new List<(long Start, long Length)>(max);
        var (start, end) = (runs[0].Start, runs[0].Start + runs[0].Length);
        for (var i = 0; i < gaps.Length; i++)
        {
            var next = runs[i + 1];
            var close = gaps[i] < threshold || (gaps[i] == threshold && equalToClose-- > 0);
            if (!close)
            {
                result.Add((start, end - start));
                start = next.Start;
            }
            end = next.Start + next.Length;
        }
        result.Add((start, end - start));
        return result;
    }
}
