using MergeBus.Media.Loudness;
using MergeBus.Media.Speech;

namespace MergeBus.Media.Tests.Speech;

/// <summary>One person's fragments analyzed together, and loudness read as the delivered file carries a voice.</summary>
public sealed class PersonAnalysisTests
{
    private const int Rate = 48000;

    [Fact]
    public void Two_fragments_of_one_person_give_one_list_of_segments_in_time_order()
    {
        using var first = new TrackAnalyzer(1, measureTruePeak: false);
        using var second = new TrackAnalyzer(1, measureTruePeak: false);
        Feed(first, 0, 4, [(0.5, 1.5), (2.5, 3.5)]);
        Feed(second, 5, 9, [(6.0, 7.0)]);

        var together = TrackAnalyzer.AnalyzeTogether([second, first]);

        Assert.Equal([500L, 2500, 6000], together.Segments.Select(s => s.StartMs));
        Assert.Equal([1500L, 3500, 7000], together.Segments.Select(s => s.EndMs));
    }

    [Fact]
    public void The_loudness_of_a_person_is_measured_over_all_their_fragments_together()
    {
        using var quiet = new TrackAnalyzer(1, measureTruePeak: false);
        using var loud = new TrackAnalyzer(1, measureTruePeak: false);
        Feed(quiet, 0, 4, [(0.5, 3.5)], amplitude: 0.05);
        Feed(loud, 5, 9, [(5.5, 8.5)], amplitude: 0.2);

        var together = TrackAnalyzer.AnalyzeTogether([quiet, loud]).SpeechLufs!.Value;

        // Equal durations: the mean of the two energies, between the two fragments' own readings.
        var expected = GatedLoudness.Lufs((Math.Pow(10, (quiet.Analyze().SpeechLufs!.Value + 0.691) / 10) + Math.Pow(10, (loud.Analyze().SpeechLufs!.Value + 0.691) / 10)) / 2);
        Assert.InRange(together, expected - 0.1, expected + 0.1);
    }

    [Fact]
    public void A_mono_voice_on_both_channels_of_the_delivered_file_reads_3_dB_louder_and_its_stem_as_recorded()
    {
        using var recorded = new TrackAnalyzer(1, measureTruePeak: false);
        using var bothChannels = new TrackAnalyzer(1, measureTruePeak: false, fileView: new LoudnessView([new LoudnessRow([1f], 2)]));
        Feed(recorded, 0, 4, [(0.5, 3.5)]);
        Feed(bothChannels, 0, 4, [(0.5, 3.5)]);

        var plain = recorded.Analyze();
        var widened = bothChannels.Analyze();

        Assert.InRange(widened.SpeechLufs!.Value - plain.SpeechLufs!.Value, 3.0, 3.02);
        Assert.InRange(widened.StemSpeechLufs!.Value - plain.SpeechLufs!.Value, -0.01, 0.01);
    }

    /// <summary>Observes [from, to) seconds: 1 kHz bursts over faint noise, in 0.25 s blocks like the mix.</summary>
    private static void Feed(TrackAnalyzer analyzer, double from, double to, (double From, double To)[] bursts, double amplitude = 0.1)
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
                samples[i] = (float)((speaking ? amplitude * Math.Sin(2 * Math.PI * 1000 * t) : 0) + (0.0003 * ((2 * random.NextDouble()) - 1)));
            }

            analyzer.Observe(block, samples, 1);
        }
    }
}
