using MergeBus.Media.Loudness;
using MergeBus.Media.Speech;
using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Components.Leveling;

/// <summary>
/// Hands each input's placed PCM to that input's <see cref="TrackAnalyzer"/>, but only the stretches its packets
/// cover: the mixer shows holes as zeros, and a DTX hole must stay absent (silence by definition, never bridged),
/// not merely quiet. Inputs are independent, so different inputs may be observed from different threads.
/// </summary>
/// <param name="workDirectory">Where the analyzers keep their frame figures: the mix's own work folder.</param>
/// <param name="views">Per input: where it lands in the delivered file, so its loudness reads as the file will.</param>
internal sealed class AnalyzingTap(IReadOnlyList<TrackSource> sources, bool measureTruePeak, string workDirectory, IReadOnlyList<LoudnessView> views) : IDisposable
{
    private readonly (long Start, long End)[][] coverage = [.. sources.Select(Coverage)];
    private readonly int[] cursors = new int[sources.Count];

    public IReadOnlyList<TrackAnalyzer> Analyzers { get; } = [.. sources.Select((s, i) => new TrackAnalyzer(s.Channels, measureTruePeak, workDirectory, views[i]))];

    /// <summary>Analyzes the covered parts of one block; calls for one input must move forward.</summary>
    public void Observe(int inputIndex, long timelineStart, ReadOnlySpan<float> samples, int channels)
    {
        var stretches = coverage[inputIndex];
        var end = timelineStart + (samples.Length / channels);
        ref var cursor = ref cursors[inputIndex];
        while (cursor < stretches.Length && stretches[cursor].End <= timelineStart)
        {
            cursor++;
        }

        for (var k = cursor; k < stretches.Length && stretches[k].Start < end; k++)
        {
            var from = Math.Max(timelineStart, stretches[k].Start);
            var to = Math.Min(end, stretches[k].End);
            Analyzers[inputIndex].Observe(from, samples.Slice((int)(from - timelineStart) * channels, (int)(to - from) * channels), channels);
        }
    }

    public void Dispose()
    {
        foreach (var analyzer in Analyzers)
        {
            analyzer.Dispose();
        }
    }

    /// <summary>Where the input's packets put audio, in mix time; an input without Ogg timing is covered from its offset on.</summary>
    private static (long Start, long End)[] Coverage(TrackSource source)
    {
        var offset = source.Input.OffsetSamples;
        return source.Timeline is { } timeline
            ? [.. timeline.Segments.Select(s => (offset + s.TimelineStart, offset + s.TimelineEnd))]
            : [(offset, long.MaxValue / 4)];
    }
}
