namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Where each fragment of a person (one input) starts and stops in mix time, the fades at those edges, and the
/// overlaps of one person's fragments. Samples are only scaled, never moved in time.
/// </summary>
internal sealed class FragmentEdges
{
    /// <summary>
    /// 5 ms (240 samples at 48 kHz), a raised-cosine ramp. A rejoin cuts a word mid-signal: a hard edge is a step
    /// of up to full amplitude, an audible click and a broadband splash in a transcriber's spectrogram. 5 ms is the
    /// shortest ramp whose spectrum stays below the voice band's own energy (its main lobe is under 200 Hz wide),
    /// and too short to be heard as a fade or to blur a phoneme.
    /// </summary>
    public const int FadeSamples = 240;

    private readonly (long Start, long End)?[] fades;

    private FragmentEdges((long Start, long End)?[] fades, IReadOnlyList<string> warnings)
    {
        this.fades = fades;
        Warnings = warnings;
    }

    /// <summary>One line per pair of one person's fragments that overlap in time: they are summed on one channel.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Only a person with more than one fragment has edges that need fading (one fragment keeps its own start and end).</summary>
    public static FragmentEdges Of(IReadOnlyList<TrackSource> sources, MixPeople people)
    {
        var spans = sources.Select(Span).ToArray();
        var fades = new (long Start, long End)?[sources.Count];
        var warnings = new List<string>();
        for (var p = 0; p < people.Count; p++)
        {
            var inputs = people.InputsOf[p];
            if (inputs.Count < 2)
            {
                continue;
            }

            foreach (var i in inputs)
            {
                // Without Ogg timing the end is the probe's estimate: a fade there could dip inside real audio.
                fades[i] = sources[i].Timeline is null ? (spans[i].Start, long.MaxValue) : spans[i];
            }

            for (var a = 0; a < inputs.Count; a++)
            {
                for (var b = a + 1; b < inputs.Count; b++)
                {
                    var (x, y) = (spans[inputs[a]], spans[inputs[b]]);
                    var from = Math.Max(x.Start, y.Start);
                    var to = Math.Min(x.End, y.End);
                    if (to > from)
                    {
                        warnings.Add($"person '{people.Keys[p]}': two fragments overlap for {(to - from) / 48.0:F0} ms of mix time from {from / 48.0:F0} ms (two devices?); both are summed on the person's channel");
                    }
                }
            }
        }

        return new FragmentEdges(fades, warnings);
    }

    /// <summary>Fades the input's block in at its fragment's start and out at its end, in place.</summary>
    public void Apply(int input, long blockStart, Span<float> block, int channels)
    {
        if (fades[input] is not { } edge)
        {
            return;
        }

        Ramp(block, channels, blockStart, edge.Start, edge.Start + FadeSamples, rising: true);
        if (edge.End != long.MaxValue)
        {
            Ramp(block, channels, blockStart, edge.End - FadeSamples, edge.End, rising: false);
        }
    }

    /// <summary>Scales the part of [from, to) inside the block by a raised cosine, 0 → 1 (or 1 → 0).</summary>
    private static void Ramp(Span<float> block, int channels, long blockStart, long from, long to, bool rising)
    {
        var start = Math.Max(from, blockStart);
        var end = Math.Min(to, blockStart + (block.Length / channels));
        for (var position = start; position < end; position++)
        {
            var n = rising ? position - from : to - 1 - position;
            var gain = (float)(0.5 - (0.5 * Math.Cos(Math.PI * (n + 0.5) / FadeSamples)));
            var at = (int)(position - blockStart) * channels;
            for (var c = 0; c < channels; c++)
            {
                block[at + c] *= gain;
            }
        }
    }

    /// <summary>Mix time the input's packets cover, first to last; an input without Ogg timing: its planned timeline.</summary>
    private static (long Start, long End) Span(TrackSource source)
    {
        var offset = source.Input.OffsetSamples;
        if (source.Timeline is { Segments.Count: > 0 } timeline)
        {
            return (offset + timeline.Segments[0].TimelineStart, offset + timeline.Segments[^1].TimelineEnd);
        }

        return (offset, offset + source.Probe.TimelineSamples48k);
    }
}
