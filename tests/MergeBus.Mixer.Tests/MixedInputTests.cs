using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Media.Analysis;

namespace MergeBus.Mixer.Tests;

/// <summary>Inputs that are not Ogg Opus go through ffmpeg's own timestamps.</summary>
public sealed class MixedInputTests
{
    [Fact]
    public async Task A_16_kHz_mono_wav_and_a_stereo_webm_opus_mix_with_every_burst_within_2_ms()
    {
        using var folder = new TempFolder("mixed-inputs");
        var session = await SessionSynthesizer.CreateAsync(folder.File("in"), new SessionSynthesisOptions
        {
            ParticipantCount = 3,
            DurationSeconds = 8,
            Formats = [SyntheticFormat.OggOpus, SyntheticFormat.Wav16kMono, SyntheticFormat.WebmOpusStereo],
            Seed = 11,
        });

        var result = await new RoomMixBuilder().BuildAsync(SessionMixing.Request(session, "per_participant", ["wav_pcm"], folder.File("out")), null, CancellationToken.None);
        var audio = await DecodedAudio.DecodeAsync(result.Outputs[0].Path);
        var misses = session.Bursts
            .Select(b => (Burst: b, Measured: ToneMeasure.FindBurst(audio[SessionMixing.ChannelsOf(result, b.ParticipantId).Single()], b.FrequencyHz, b.StartSeconds, b.EndSeconds)))
            .Where(m => !(Math.Abs(m.Measured.Onset - m.Burst.StartSeconds) <= 0.002 && Math.Abs(m.Measured.End - m.Burst.EndSeconds) <= 0.002))
            .Select(m => $"{m.Burst.ParticipantId} truth {m.Burst.StartSeconds:F4}-{m.Burst.EndSeconds:F4} measured {m.Measured.Onset:F4}-{m.Measured.End:F4}")
            .ToList();

        Assert.Empty(misses);
    }

    [Fact]
    public async Task A_stereo_ogg_opus_participant_keeps_its_level_in_the_room_mix()
    {
        using var folder = new TempFolder("stereo");
        var session = await SessionSynthesizer.CreateAsync(folder.File("in"), new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 6, Stereo = true, Seed = 5 });

        var result = await new RoomMixBuilder().BuildAsync(SessionMixing.Request(session, "mix", ["wav_pcm"], folder.File("out")), null, CancellationToken.None);
        var audio = await DecodedAudio.DecodeAsync(result.Outputs[0].Path);
        var burst = session.Bursts[0];

        Assert.InRange(ToneMeasure.RmsDbfs(audio[1], burst.StartSeconds + 0.05, burst.EndSeconds - 0.05) - ToneMeasure.SineRmsDbfs(burst.Amplitude), -1.0, 1.0);
    }
}
