using MergeBus.Mixer.Tests.Support;
using MergeBus.Media.Analysis;

namespace MergeBus.Mixer.Tests;

public sealed class FormatTests(SyntheticSessionFixture fixture) : IClassFixture<SyntheticSessionFixture>
{
    [Fact]
    public async Task Ogg_opus_and_wav_made_in_one_call_both_hold_every_burst_in_place()
    {
        var mixed = await fixture.MixAsync("mix", ["ogg_opus", "wav_pcm"]);
        var worst = 0.0;
        foreach (var format in new[] { "ogg_opus", "wav_pcm" })
        {
            foreach (var burst in fixture.Session.Bursts.Where(b => !b.IsShout))
            {
                var (onset, end) = ToneMeasure.FindBurst(mixed.Decoded[format][0], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds);
                worst = Math.Max(worst, Math.Max(Math.Abs(onset - burst.StartSeconds), Math.Abs(end - burst.EndSeconds)));
            }
        }

        Assert.Equal(["ogg_opus", "wav_pcm"], mixed.Result.Outputs.Select(o => o.Format));
        Assert.InRange(worst, 0, 0.002);
    }

    [Fact]
    public async Task Mp3_and_flac_place_bursts_within_2_ms_at_44_1_kHz()
    {
        var mixed = await fixture.MixAsync("mix", ["mp3", "flac"], sampleRate: 44100);
        var burst = fixture.Session.Bursts.First(b => !b.IsShout);
        var measured = new[] { "mp3", "flac" }
            .Select(f => ToneMeasure.FindBurst(mixed.Decoded[f][0], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds))
            .ToList();

        Assert.All(mixed.Result.Outputs, o => Assert.Equal(44100, o.SampleRate));
        Assert.All(measured, m => Assert.InRange(m.Onset, burst.StartSeconds - 0.002, burst.StartSeconds + 0.002));
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(32000, 24000)]
    [InlineData(16000, 16000)]
    [InlineData(8000, 8000)]
    public async Task Ogg_opus_is_encoded_at_the_nearest_opus_rate(int requested, int expected)
    {
        var mixed = await fixture.MixAsync("mix", ["ogg_opus"], sampleRate: requested);

        Assert.Equal(expected, mixed.Result.Outputs.Single().SampleRate);
    }

    [Fact]
    public async Task Wav_is_16_bit_at_the_requested_rate()
    {
        var mixed = await fixture.MixAsync("mix", ["wav_pcm"], sampleRate: 16000);
        var probe = await new MergeBus.Media.Probing.FfprobeTrackProbe().ProbeAsync(mixed.Result.Outputs[0].Path, CancellationToken.None);

        Assert.Equal(("pcm_s16le", 16000), (probe.Codec, probe.SampleRate));
    }

    [Fact]
    public async Task A_room_mix_of_mono_speakers_is_a_stereo_opus_file_with_identical_channels()
    {
        var mixed = await fixture.MixAsync("mix", ["ogg_opus"]);
        var audio = mixed.Decoded["ogg_opus"];
        var largestDifference = audio[0].Zip(audio[1], (l, r) => Math.Abs(l - r)).Max();

        Assert.Equal(2, audio.ChannelCount);
        Assert.Equal(0f, largestDifference);
    }
}
