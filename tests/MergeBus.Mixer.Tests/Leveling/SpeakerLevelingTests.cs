using MergeBus.Media.Analysis;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Mixing;
using Xunit.Abstractions;

namespace MergeBus.Mixer.Tests.Leveling;

/// <summary>
/// Speaker leveling measured by an independent meter (ffmpeg's ebur128) on each participant's speech only: the
/// truth's burst stretches of their own channel (per_participant), joined together.
/// </summary>
public sealed class SpeakerLevelingTests(LevelingSessionFixture fixture, ITestOutputHelper output) : IClassFixture<LevelingSessionFixture>
{
    [Fact]
    public async Task The_talkers_are_recorded_about_12_dB_apart_at_minus_38_minus_26_and_minus_14_LUFS()
    {
        var levels = new List<double>();
        foreach (var talker in fixture.Talkers)
        {
            var before = await EbuR128.MeasureStretchesAsync(fixture.Recorded[talker.ParticipantId][0], fixture.BurstsOf(talker.ParticipantId, talker.JoinOffsetSeconds));
            output.WriteLine($"{talker.Identity}: recorded {before.IntegratedLufs:F1} LUFS");
            levels.Add(before.IntegratedLufs);
        }

        foreach (var (measured, nominal) in levels.Zip(LevelingSessionFixture.RecordedLufs))
        {
            Assert.InRange(measured, nominal - 1.5, nominal + 1.5);
        }
    }

    /// <summary>
    /// The −38 LUFS talker needs +20 dB, the default max_gain; the next test narrows max_gain to 15 dB and shows it
    /// stopping that talker at −38 + 15 = −23 LUFS.
    /// </summary>
    [Fact]
    public async Task In_speech_mode_each_participants_speech_in_the_mix_is_within_1_LU_of_the_target()
    {
        var mixed = await fixture.MixAsync(MixLayouts.PerParticipant, [OutputFormats.WavPcm], LoudnessModes.Speech, maxGainDb: 20);
        var audio = mixed.Decoded[OutputFormats.WavPcm];
        var misses = new List<string>();
        foreach (var talker in fixture.Talkers)
        {
            var channel = SessionMixing.ChannelsOf(mixed.Result, talker.ParticipantId).Single();
            var after = await EbuR128.MeasureStretchesAsync(audio[channel], fixture.BurstsOf(talker.ParticipantId));
            var level = mixed.Result.Speakers.Single(s => s.ParticipantId == talker.ParticipantId);
            output.WriteLine($"{talker.Identity}: measured {level.SpeechLufs:F2} LUFS, gain {level.GainDb:+0.00;-0.00} dB, in the mix {after.IntegratedLufs:F1} LUFS");
            if (Math.Abs(after.IntegratedLufs - LoudnessOptions.DefaultTargetLufs) > 1.0)
            {
                misses.Add($"{talker.Identity}: {after.IntegratedLufs:F1} LUFS");
            }
        }

        Assert.Empty(misses);
    }

    [Fact]
    public async Task With_a_max_gain_of_15_dB_a_talker_too_quiet_to_reach_the_target_is_raised_by_exactly_15_dB()
    {
        const double maxGainDb = 15;
        var mixed = await fixture.MixAsync(MixLayouts.PerParticipant, [OutputFormats.WavPcm], LoudnessModes.Speech, maxGainDb: maxGainDb);
        var quiet = fixture.Talkers.First();
        var before = await EbuR128.MeasureStretchesAsync(fixture.Recorded[quiet.ParticipantId][0], fixture.BurstsOf(quiet.ParticipantId, quiet.JoinOffsetSeconds));
        var channel = SessionMixing.ChannelsOf(mixed.Result, quiet.ParticipantId).Single();
        var after = await EbuR128.MeasureStretchesAsync(mixed.Decoded[OutputFormats.WavPcm][channel], fixture.BurstsOf(quiet.ParticipantId));
        output.WriteLine($"{quiet.Identity}: recorded {before.IntegratedLufs:F1}, leveled with ±15 dB {after.IntegratedLufs:F1} LUFS");

        Assert.Equal(maxGainDb, mixed.Result.Speakers.Single(s => s.ParticipantId == quiet.ParticipantId).GainDb);
        Assert.InRange(after.IntegratedLufs - before.IntegratedLufs, 14.5, 15.5);
    }

    [Fact]
    public async Task In_off_mode_every_speakers_level_is_unchanged_within_half_a_dB()
    {
        var mixed = await fixture.MixAsync(MixLayouts.PerParticipant, [OutputFormats.WavPcm], LoudnessModes.Off);
        var audio = mixed.Decoded[OutputFormats.WavPcm];
        var misses = new List<string>();
        foreach (var talker in fixture.Talkers)
        {
            var before = await EbuR128.MeasureStretchesAsync(fixture.Recorded[talker.ParticipantId][0], fixture.BurstsOf(talker.ParticipantId, talker.JoinOffsetSeconds));
            var channel = SessionMixing.ChannelsOf(mixed.Result, talker.ParticipantId).Single();
            var after = await EbuR128.MeasureStretchesAsync(audio[channel], fixture.BurstsOf(talker.ParticipantId));
            output.WriteLine($"{talker.Identity}: recorded {before.IntegratedLufs:F1}, off-mode mix {after.IntegratedLufs:F1} LUFS");
            if (Math.Abs(after.IntegratedLufs - before.IntegratedLufs) > 0.5)
            {
                misses.Add($"{talker.Identity}: {before.IntegratedLufs:F1} → {after.IntegratedLufs:F1}");
            }
        }

        Assert.Empty(misses);
        Assert.All(mixed.Result.Speakers, s => Assert.Equal(0, s.GainDb));
    }

    [Fact]
    public async Task A_line_of_background_noise_only_is_raised_by_no_more_than_max_gain()
    {
        var leveled = await fixture.MixAsync(MixLayouts.PerParticipant, [OutputFormats.WavPcm], LoudnessModes.Speech);
        var plain = await fixture.MixAsync(MixLayouts.PerParticipant, [OutputFormats.WavPcm], LoudnessModes.Off);
        var channel = SessionMixing.ChannelsOf(leveled.Result, fixture.NoiseOnly.ParticipantId).Single();
        var from = fixture.NoiseOnly.JoinOffsetSeconds + 0.5;
        var to = from + 10;

        var raised = ToneMeasure.RmsDbfs(leveled.Decoded[OutputFormats.WavPcm][channel], from, to)
            - ToneMeasure.RmsDbfs(plain.Decoded[OutputFormats.WavPcm][channel], from, to);
        var level = leveled.Result.Speakers.Single(s => s.ParticipantId == fixture.NoiseOnly.ParticipantId);
        output.WriteLine($"noise line: measured {level.SpeechLufs?.ToString("F2") ?? "no speech"}, gain {level.GainDb:F2} dB, raised {raised:F2} dB");

        Assert.InRange(raised, -0.1, LoudnessOptions.DefaultMaxGainDb + 0.1);
        Assert.InRange(level.GainDb, -LoudnessOptions.DefaultMaxGainDb, LoudnessOptions.DefaultMaxGainDb);
    }

    [Theory]
    [InlineData(LoudnessModes.Off)]
    [InlineData(LoudnessModes.Speech)]
    public async Task Every_burst_starts_and_ends_within_2_ms_of_truth(string loudness)
    {
        var mixed = await fixture.MixAsync(MixLayouts.PerParticipant, [OutputFormats.WavPcm], loudness);
        var audio = mixed.Decoded[OutputFormats.WavPcm];
        var worst = 0.0;
        var misses = new List<string>();
        foreach (var burst in fixture.Session.Bursts)
        {
            var channel = SessionMixing.ChannelsOf(mixed.Result, burst.ParticipantId).Single();
            var (onset, end) = ToneMeasure.FindBurst(audio[channel], burst.FrequencyHz, burst.StartSeconds, burst.EndSeconds);
            var error = Math.Max(Math.Abs(onset - burst.StartSeconds), Math.Abs(end - burst.EndSeconds));
            worst = Math.Max(worst, double.IsNaN(error) ? double.PositiveInfinity : error);
            if (!(error <= 0.002))
            {
                misses.Add($"{burst.ParticipantId}: truth {burst.StartSeconds:F4}-{burst.EndSeconds:F4}, measured {onset:F4}-{end:F4}");
            }
        }

        output.WriteLine($"{loudness}: {fixture.Session.Bursts.Count} bursts, worst edge error {worst * 1000:F3} ms");
        Assert.Empty(misses);
    }

    [Fact]
    public async Task Leveled_shouting_stays_at_or_below_minus_1_dBTP_in_the_encoded_room_mix()
    {
        // A hot target (−3 LUFS) drives the loudest talker past full scale; the limiter must hold the true peak.
        var mixed = await fixture.MixAsync(MixLayouts.Mix, [OutputFormats.OggOpus], LoudnessModes.Speech, targetLufs: -3);
        var audio = mixed.Decoded[OutputFormats.OggOpus];
        var interleaved = new float[audio.Samples * audio.ChannelCount];
        for (var i = 0; i < audio.Samples; i++)
        {
            for (var c = 0; c < audio.ChannelCount; c++)
            {
                interleaved[(i * audio.ChannelCount) + c] = audio[c][i];
            }
        }

        var reading = await EbuR128.MeasureAsync(interleaved, audio.ChannelCount);
        output.WriteLine($"room mix at a −3 LUFS target: true peak {reading.TruePeakDbtp:F1} dBTP, sample peak {20 * Math.Log10(ToneMeasure.Peak(audio)):F2} dBFS");

        Assert.True(reading.TruePeakDbtp <= -1.0, $"true peak {reading.TruePeakDbtp:F1} dBTP");
    }
}
