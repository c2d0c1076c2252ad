using MergeBus.Media.Speech;

namespace MergeBus.Media.Tests.Speech;

/// <summary>The speech decision on synthetic placed PCM with known truth.</summary>
public sealed class SpeechSegmenterTests
{
    private const int Rate = 48000;

    [Fact]
    public void Every_burst_becomes_one_segment_with_edges_within_10_ms()
    {
        using var analyzer = new TrackAnalyzer(1, measureTruePeak: false);
        var bursts = new[] { (0.5137, 1.1021), (2.3003, 2.4517), (4.0, 5.2345) };
        Feed(analyzer, 0, 6, bursts, noise: 0.0003);

        var segments = analyzer.Analyze().Segments;

        Assert.Equal(bursts.Length, segments.Count);
        foreach (var ((from, to), segment) in bursts.Zip(segments))
        {
            Assert.InRange(segment.StartSample / (double)Rate, from - 0.010, from + 0.001);
            Assert.InRange(segment.EndSample / (double)Rate, to - 0.001, to + 0.010);
        }
    }

    [Fact]
    public void A_short_pause_inside_speech_is_bridged_but_a_hole_without_packets_is_not()
    {
        using var bridged = new TrackAnalyzer(1, measureTruePeak: false);
        Feed(bridged, 0, 3, [(0.5, 1.0), (1.15, 1.6)], noise: 0.0003);
        using var split = new TrackAnalyzer(1, measureTruePeak: false);
        Feed(split, 0, 1.05, [(0.5, 1.0)], noise: 0.0003);
        Feed(split, 1.1, 3, [(1.15, 1.6)], noise: 0.0003); // 1.05–1.1 s: no packets

        Assert.Single(bridged.Analyze().Segments);
        Assert.Equal(2, split.Analyze().Segments.Count);
    }

    [Fact]
    public void Steady_noise_and_a_click_are_not_speech()
    {
        using var analyzer = new TrackAnalyzer(1, measureTruePeak: false);
        Feed(analyzer, 0, 5, [(2.0, 2.02)], noise: 0.01);

        Assert.Empty(analyzer.Analyze().Segments);
    }

    [Fact]
    public void Speech_loudness_ignores_the_silence_between_words()
    {
        using var sparse = new TrackAnalyzer(1, measureTruePeak: false);
        Feed(sparse, 0, 20, [(1, 2), (9, 10), (15, 16)], noise: 0.0003);
        using var dense = new TrackAnalyzer(1, measureTruePeak: false);
        Feed(dense, 0, 20, [(1, 19)], noise: 0.0003);

        Assert.InRange(sparse.Analyze().SpeechLufs!.Value, dense.Analyze().SpeechLufs!.Value - 0.2, dense.Analyze().SpeechLufs!.Value + 0.2);
    }

    /// <summary>Observes [from, to) seconds: 1 kHz bursts at 0.1 over uniform noise, in 0.25 s blocks like the mix.</summary>
    private static void Feed(TrackAnalyzer analyzer, double from, double to, (double From, double To)[] bursts, double noise)
    {
        var random = new Random(1);
        var start = (long)(from * Rate);
        var end = (long)(to * Rate);
        for (var block = start; block < end; block += 12_000)
        {
            var frames = (int)Math.Min(12_000, end - block);
            var samples = new float[frames];
            for (var i = 0; i < frames; i++)
            {
                var t = (block + i) / (double)Rate;
                var speaking = bursts.Any(b => t >= b.From && t < b.To);
                samples[i] = (float)((speaking ? 0.1 * Math.Sin(2 * Math.PI * 1000 * t) : 0) + (noise * ((2 * random.NextDouble()) - 1)));
            }

            analyzer.Observe(block, samples, 1);
        }
    }
}
