using MergeBus.Media.Analysis;
using MergeBus.Media.Speech;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Mixing;
using Xunit.Abstractions;
using Fixture = MergeBus.Mixer.Tests.Support.FragmentedPersonFixture;

namespace MergeBus.Mixer.Tests.People;

/// <summary>Identity is the unit: a person who leaves and rejoins mid-word is one channel, one stem, one index entry, and no click.</summary>
public sealed class RejoinTests(Fixture fixture, ITestOutputHelper output) : IClassFixture<Fixture>
{
    private const double Rate = 48000;

    [Fact]
    public void Per_participant_gives_a_rejoining_person_one_channel_listing_both_participant_ids()
    {
        var channels = fixture.Mixed.Result.Channels;

        Assert.Equal(2, channels.Count);
        Assert.Equal(["PA_alice_1", "PA_alice_2"], channels[0].ParticipantIds);
        Assert.Equal(["alice"], channels[0].ParticipantIdentities);
        Assert.Equal(["PA_bob"], channels[1].ParticipantIds);
        Assert.Equal(2, fixture.Mixed.Decoded[OutputFormats.WavPcm].ChannelCount);
    }

    [Fact]
    public void A_rejoining_person_gets_one_stem_per_format()
    {
        var stems = fixture.Mixed.Result.Stems;

        Assert.Equal(2, stems.Count(s => s.ParticipantIdentity == "alice"));
        Assert.Equal([OutputFormats.WavPcm, OutputFormats.OggOpus], stems.Where(s => s.ParticipantIdentity == "alice").Select(s => s.Format));
    }

    [Fact]
    public void Speech_json_holds_one_entry_for_the_person_with_every_participant_id_and_track()
    {
        var entries = SpeechIndex.ReadEntries(fixture.Mixed.Result.SpeechIndexPath!);
        var alice = entries.Single(e => e.ParticipantIdentity == "alice");

        Assert.Equal(2, entries.Count);
        Assert.Equal(["PA_alice_1", "PA_alice_2"], alice.ParticipantIds);
        Assert.Equal(["TR_alice_1", "TR_alice_2"], alice.TrackIds);
        Assert.Equal("PA_alice_1", alice.ParticipantId);
    }

    /// <summary>The index's 10 ms frames put an edge within 20 ms (the index's own tolerance, as in SpeechIndexTests).</summary>
    [Fact]
    public void Speech_json_holds_the_speech_of_both_fragments_at_the_right_times()
    {
        var alice = SpeechIndex.ReadEntries(fixture.Mixed.Result.SpeechIndexPath!).Single(e => e.ParticipantIdentity == "alice");
        var misses = new List<string>();
        foreach (var (start, end) in Fixture.AliceHeard)
        {
            var found = alice.Segments.Where(s => s.EndMs > start * 1000 && s.StartMs < end * 1000).ToList();
            output.WriteLine($"heard {start * 1000:F0}-{end * 1000:F0} ms: index {string.Join(", ", found.Select(s => $"{s.StartMs}-{s.EndMs}"))}");
            if (found.Count != 1 || Math.Abs(found[0].StartMs - (start * 1000)) > 20 || Math.Abs(found[0].EndMs - (end * 1000)) > 20)
            {
                misses.Add($"{start * 1000:F0}-{end * 1000:F0} ms");
            }
        }

        Assert.Empty(misses);
        Assert.Equal(Fixture.AliceHeard.Count(), alice.Segments.Count);
    }

    [Fact]
    public void The_persons_speech_edges_away_from_a_fragment_edge_are_within_2_ms_of_truth_in_their_channel()
    {
        var channel = fixture.Mixed.Decoded[OutputFormats.WavPcm][0];
        double[] fragmentEdges = [0, Fixture.FirstEnd, Fixture.SecondStart, Fixture.End];
        var checkedEdges = 0;
        var misses = new List<string>();
        foreach (var (start, end) in Fixture.AliceHeard)
        {
            var (onset, stop) = ToneMeasure.FindBurst(channel, Fixture.AliceHz, start, end);
            foreach (var (truth, measured) in new[] { (start, onset), (end, stop) })
            {
                if (fragmentEdges.Any(e => Math.Abs(e - truth) <= 0.010))
                {
                    continue;
                }

                checkedEdges++;
                if (!(Math.Abs(measured - truth) <= 0.002))
                {
                    misses.Add($"truth {truth:F4} s, measured {measured:F4} s");
                }
            }
        }

        Assert.Equal(6, checkedEdges);
        Assert.Empty(misses);
    }

    [Fact]
    public void Speakers_list_the_person_once_with_both_participant_ids_and_their_first_and_last_speech()
    {
        var alice = fixture.Mixed.Result.Speakers.Single(s => s.Identity == "alice");

        Assert.Equal(2, fixture.Mixed.Result.Speakers.Count);
        Assert.Equal(["PA_alice_1", "PA_alice_2"], alice.ParticipantIds);
        Assert.InRange(alice.FirstSpeechMs!.Value, 794, 834);
        Assert.InRange(alice.LastSpeechMs!.Value, 6196, 6236);
    }

    /// <summary>A hard cut mid-word is a step of up to the full amplitude; the fade keeps every step at the edges near the voice's own.</summary>
    [Fact]
    public void No_fragment_edge_clicks_the_peak_step_near_each_edge_is_at_most_1_5_times_the_peak_step_inside_speech()
    {
        var channel = fixture.Mixed.Decoded[OutputFormats.WavPcm][0];
        var inside = Fixture.AliceWords.Where(w => w.End < Fixture.FirstEnd - 0.1 || w.Start > Fixture.SecondStart + 0.1)
            .Max(w => PeakStep(channel, w.Start + 0.02, w.End - 0.02));
        var misses = new List<string>();
        foreach (var edge in new[] { Fixture.FirstEnd, Fixture.SecondStart })
        {
            var near = PeakStep(channel, edge - 0.010, edge + 0.010);
            output.WriteLine($"edge {edge:F3} s: peak step {near:F4}, inside speech {inside:F4} ({near / inside:F2}×)");
            if (near > 1.5 * inside)
            {
                misses.Add($"{edge:F3} s: {near / inside:F2}×");
            }
        }

        Assert.True(inside > 0.01, $"inside speech peak step {inside}");
        Assert.Empty(misses);
    }

    private static double PeakStep(float[] channel, double from, double to)
    {
        var a = (int)Math.Round(from * Rate);
        var b = (int)Math.Round(to * Rate);
        var peak = 0.0;
        for (var i = Math.Max(1, a); i < Math.Min(b, channel.Length); i++)
        {
            peak = Math.Max(peak, Math.Abs(channel[i] - channel[i - 1]));
        }

        return peak;
    }
}
