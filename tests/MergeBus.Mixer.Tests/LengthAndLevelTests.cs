using MergeBus.Mixer.Tests.Support;
using MergeBus.Media.Analysis;

namespace MergeBus.Mixer.Tests;

/// <summary>How long the mix is and how loud things are in it.</summary>
public sealed class LengthAndLevelTests(SyntheticSessionFixture fixture) : IClassFixture<SyntheticSessionFixture>
{
    [Theory]
    [InlineData("wav_pcm")]
    [InlineData("ogg_opus")]
    public async Task The_mix_lasts_exactly_as_long_as_the_latest_participant_timeline(string format)
    {
        var mixed = await fixture.MixAsync("mix", [format]);

        Assert.InRange(mixed.Decoded[format].DeclaredDurationSeconds, fixture.Session.ExpectedTimelineSeconds - 0.02, fixture.Session.ExpectedTimelineSeconds + 0.02);
    }

    [Fact]
    public async Task The_reported_timeline_equals_the_latest_participant_timeline_to_the_sample()
    {
        var mixed = await fixture.MixAsync("mix", ["wav_pcm"]);

        Assert.Equal(Math.Round(fixture.Session.ExpectedTimelineSeconds * 48000), mixed.Result.TimelineSamples);
    }

    [Fact]
    public async Task A_lone_mono_speaker_keeps_their_level_on_both_channels_of_the_room_mix()
    {
        var mixed = await fixture.MixAsync("mix", ["wav_pcm"]);
        var audio = mixed.Decoded["wav_pcm"];
        var errors = new List<double>();
        foreach (var burst in fixture.Session.Bursts.Where(b => !b.IsShout))
        {
            var expected = ToneMeasure.SineRmsDbfs(burst.Amplitude);
            errors.Add(ToneMeasure.RmsDbfs(audio[0], burst.StartSeconds + 0.05, burst.EndSeconds - 0.05) - expected);
            errors.Add(ToneMeasure.RmsDbfs(audio[1], burst.StartSeconds + 0.05, burst.EndSeconds - 0.05) - expected);
        }

        Assert.All(errors, error => Assert.InRange(error, -1.0, 1.0));
    }

    [Theory]
    [InlineData("wav_pcm")]
    [InlineData("ogg_opus")]
    public async Task Everyone_shouting_at_once_never_exceeds_full_scale(string format)
    {
        var mixed = await fixture.MixAsync("mix", [format]);

        Assert.InRange(ToneMeasure.Peak(mixed.Decoded[format]), 0.5, 1.0);
    }

    [Fact]
    public async Task The_limiter_holds_the_shout_at_about_minus_1_dBFS_instead_of_cutting_the_gain()
    {
        var mixed = await fixture.MixAsync("mix", ["wav_pcm"]);
        var shout = fixture.Session.Bursts.First(b => b.IsShout);

        var peak = ToneMeasure.Peak(mixed.Decoded["wav_pcm"][0], shout.StartSeconds + 0.1, shout.EndSeconds - 0.1);

        Assert.InRange(peak, 0.85, 0.892);
    }

    [Fact]
    public async Task A_mono_room_mix_keeps_a_lone_speakers_level()
    {
        var mixed = await fixture.MixAsync("mix", ["wav_pcm"], channelCount: 1);
        var burst = fixture.Session.Bursts.First(b => !b.IsShout);

        var level = ToneMeasure.RmsDbfs(mixed.Decoded["wav_pcm"][0], burst.StartSeconds + 0.05, burst.EndSeconds - 0.05);

        Assert.Equal(1, mixed.Decoded["wav_pcm"].ChannelCount);
        Assert.InRange(level - ToneMeasure.SineRmsDbfs(burst.Amplitude), -1.0, 1.0);
    }
}
