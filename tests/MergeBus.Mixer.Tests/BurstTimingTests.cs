using MergeBus.Mixer.Tests.Support;
using MergeBus.Media.Analysis;

namespace MergeBus.Mixer.Tests;

/// <summary>Every burst lands where the truth says, on the channel the layout gives it.</summary>
public sealed class BurstTimingTests(SyntheticSessionFixture fixture) : IClassFixture<SyntheticSessionFixture>
{
    private const double ToleranceSeconds = 0.002;

    public static TheoryData<string, string> LayoutsAndFormats => new()
    {
        { "mix", "wav_pcm" },
        { "mix", "ogg_opus" },
        { "per_participant", "wav_pcm" },
        { "per_participant", "ogg_opus" },
        { "dual_channel_agent", "wav_pcm" },
        { "dual_channel_agent", "ogg_opus" },
        { "dual_channel_alternate", "wav_pcm" },
        { "dual_channel_alternate", "ogg_opus" },
    };

    [Theory]
    [MemberData(nameof(LayoutsAndFormats))]
    public async Task Every_burst_starts_and_ends_within_2_ms_of_truth_on_its_layout_channel(string layout, string format)
    {
        var mixed = await fixture.MixAsync(layout, [format]);
        var audio = mixed.Decoded[format];
        var misses = new List<string>();
        foreach (var burst in fixture.Session.Bursts.Where(b => !b.IsShout))
        {
            foreach (var channel in SessionMixing.ChannelsOf(mixed.Result, burst.ParticipantId))
            {
                var (onset, end) = ToneMeasure.FindBurst(audio[channel], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds);
                if (!(Math.Abs(onset - burst.StartSeconds) <= ToleranceSeconds && Math.Abs(end - burst.EndSeconds) <= ToleranceSeconds))
                {
                    misses.Add($"{burst.ParticipantId} ch{channel}: truth {burst.StartSeconds:F4}-{burst.EndSeconds:F4}, measured {onset:F4}-{end:F4}");
                }
            }
        }

        Assert.Empty(misses);
    }

    [Theory]
    [InlineData("per_participant", "wav_pcm")]
    [InlineData("per_participant", "ogg_opus")]
    [InlineData("dual_channel_agent", "wav_pcm")]
    [InlineData("dual_channel_alternate", "wav_pcm")]
    public async Task A_burst_is_silent_on_every_channel_its_layout_does_not_give_it(string layout, string format)
    {
        var mixed = await fixture.MixAsync(layout, [format]);
        var audio = mixed.Decoded[format];
        var leaks = new List<string>();
        foreach (var burst in fixture.Session.Bursts.Where(b => !b.IsShout))
        {
            var own = SessionMixing.ChannelsOf(mixed.Result, burst.ParticipantId);
            foreach (var channel in Enumerable.Range(0, audio.ChannelCount).Except(own))
            {
                var level = ToneMeasure.RmsDbfs(audio[channel], burst.StartSeconds + 0.01, burst.EndSeconds - 0.01);
                if (level > -60)
                {
                    leaks.Add($"{burst.ParticipantId} leaks {level:F1} dBFS into ch{channel}");
                }
            }
        }

        Assert.Empty(leaks);
    }

    [Fact]
    public async Task A_participant_whose_first_packet_comes_after_a_hole_lands_at_the_right_time()
    {
        var late = fixture.Session.Participants.First(p => p.FirstAudioSeconds > 0.2);
        var first = fixture.Session.Bursts.First(b => b.ParticipantId == late.ParticipantId);
        var mixed = await fixture.MixAsync("per_participant", ["wav_pcm"]);
        var channel = SessionMixing.ChannelsOf(mixed.Result, late.ParticipantId).Single();

        var (onset, _) = ToneMeasure.FindBurst(mixed.Decoded["wav_pcm"][channel], first.FrequencyHz, first.StartSeconds, first.EndSeconds);

        Assert.InRange(onset, first.StartSeconds - ToleranceSeconds, first.StartSeconds + ToleranceSeconds);
    }

    [Fact]
    public async Task The_late_joiners_last_word_is_not_cut_off()
    {
        var last = fixture.Session.Bursts.MaxBy(b => b.EndSeconds)!;
        var mixed = await fixture.MixAsync("mix", ["ogg_opus"]);

        var (_, end) = ToneMeasure.FindBurst(mixed.Decoded["ogg_opus"][0], last.FrequencyHz, last.StartSeconds, last.EndSeconds);

        Assert.InRange(end, last.EndSeconds - ToleranceSeconds, last.EndSeconds + ToleranceSeconds);
    }
}
