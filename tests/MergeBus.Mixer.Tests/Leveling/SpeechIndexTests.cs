using MergeBus.Media.Ogg;
using MergeBus.Media.Speech;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Mixing;
using Xunit.Abstractions;

namespace MergeBus.Mixer.Tests.Leveling;

/// <summary>speech.json against the synthetic session's truth: DTX holes, staggered joins, everyone shouting at once.</summary>
public sealed class SpeechIndexTests(SyntheticSessionFixture fixture, ITestOutputHelper output) : IClassFixture<SyntheticSessionFixture>
{
    private const double EdgeToleranceMs = 20;

    [Fact]
    public async Task Every_burst_appears_as_one_segment_whose_edges_are_within_20_ms_of_truth()
    {
        var index = await IndexAsync(MixLayouts.Mix);
        var worst = 0.0;
        var misses = new List<string>();
        foreach (var burst in fixture.Session.Bursts)
        {
            var segments = index[burst.ParticipantId].Where(s => s.EndMs > burst.StartSeconds * 1000 && s.StartMs < burst.EndSeconds * 1000).ToList();
            if (segments.Count != 1)
            {
                misses.Add($"{burst.ParticipantId} {burst.StartSeconds:F3}-{burst.EndSeconds:F3}: {segments.Count} segments");
                continue;
            }

            var error = Math.Max(Math.Abs(segments[0].StartMs - (burst.StartSeconds * 1000)), Math.Abs(segments[0].EndMs - (burst.EndSeconds * 1000)));
            worst = Math.Max(worst, error);
            if (error > EdgeToleranceMs)
            {
                misses.Add($"{burst.ParticipantId}: truth {burst.StartSeconds * 1000:F0}-{burst.EndSeconds * 1000:F0} ms, index {segments[0].StartMs}-{segments[0].EndMs}");
            }
        }

        output.WriteLine($"{fixture.Session.Bursts.Count} bursts, worst edge error {worst:F1} ms");
        Assert.Empty(misses);
    }

    [Fact]
    public async Task No_segment_lies_where_its_participant_was_silent_or_in_a_DTX_hole()
    {
        var index = await IndexAsync(MixLayouts.Mix);
        var strays = new List<string>();
        foreach (var participant in fixture.Session.Participants)
        {
            var bursts = fixture.Session.Bursts.Where(b => b.ParticipantId == participant.ParticipantId).ToList();
            foreach (var segment in index[participant.ParticipantId])
            {
                // Outside every burst (widened by the edge tolerance) is silence, DTX holes included.
                var covered = bursts.Any(b => segment.StartMs >= (b.StartSeconds * 1000) - EdgeToleranceMs && segment.EndMs <= (b.EndSeconds * 1000) + EdgeToleranceMs);
                if (!covered)
                {
                    strays.Add($"{participant.Identity}: {segment.StartMs}-{segment.EndMs} ms");
                }
            }

            var timeline = OpusTimeline.Read(participant.Path);
            var holes = timeline.Segments.Zip(timeline.Segments.Skip(1), (a, b) => (From: (participant.JoinOffsetSamples + a.TimelineEnd) / 48.0, To: (participant.JoinOffsetSamples + b.TimelineStart) / 48.0));
            strays.AddRange(holes
                .Where(h => index[participant.ParticipantId].Any(s => s.StartMs < h.To && s.EndMs > h.From))
                .Select(h => $"{participant.Identity}: segment in the hole {h.From:F0}-{h.To:F0} ms"));
        }

        Assert.Empty(strays);
    }

    [Fact]
    public async Task Overlapping_speech_is_listed_for_every_participant_who_spoke()
    {
        var index = await IndexAsync(MixLayouts.Mix);
        var shouts = fixture.Session.Bursts.Where(b => b.IsShout).ToList();

        Assert.True(shouts.Count >= 2);
        Assert.All(shouts, shout => Assert.Contains(index[shout.ParticipantId], s => s.StartMs <= (shout.StartSeconds * 1000) + EdgeToleranceMs && s.EndMs >= (shout.EndSeconds * 1000) - EdgeToleranceMs));
    }

    [Fact]
    public async Task Every_layout_writes_the_same_index_with_every_participant_in_input_order()
    {
        var texts = new List<string>();
        foreach (var layout in MixLayouts.All)
        {
            var mixed = await fixture.MixAsync(layout, [OutputFormats.OggOpus]);
            texts.Add(await File.ReadAllTextAsync(mixed.Result.SpeechIndexPath!));
        }

        var first = await fixture.MixAsync(MixLayouts.Mix, [OutputFormats.OggOpus]);
        var ids = SpeechIndex.Read(first.Result.SpeechIndexPath!).Select(e => e.ParticipantId);

        Assert.All(texts, text => Assert.Equal(texts[0], text));
        Assert.Equal(SessionMixing.Inputs(fixture.Session).Select(i => i.ParticipantId), ids);
    }

    [Fact]
    public async Task The_measuring_pass_of_speech_mode_finds_exactly_the_index_the_mix_finds_in_off_mode()
    {
        using var folder = new TempFolder("index-speech");
        var off = await fixture.MixAsync(MixLayouts.Mix, [OutputFormats.OggOpus]);
        var request = SessionMixing.Request(fixture.Session, MixLayouts.Mix, [OutputFormats.OggOpus], folder.Path) with
        {
            Loudness = new LoudnessOptions { Mode = LoudnessModes.Speech },
        };

        var leveled = await new MergeBus.Mixer.Components.Mixing.RoomMixBuilder().BuildAsync(request, null, CancellationToken.None);

        Assert.Contains(leveled.Speakers, s => s.GainDb != 0);
        Assert.Equal(await File.ReadAllTextAsync(off.Result.SpeechIndexPath!), await File.ReadAllTextAsync(leveled.SpeechIndexPath!));
    }

    private async Task<Dictionary<string, List<(long StartMs, long EndMs)>>> IndexAsync(string layout)
    {
        var mixed = await fixture.MixAsync(layout, [OutputFormats.OggOpus]);
        return SpeechIndex.Read(mixed.Result.SpeechIndexPath!).ToDictionary(e => e.ParticipantId, e => e.Segments);
    }
}
