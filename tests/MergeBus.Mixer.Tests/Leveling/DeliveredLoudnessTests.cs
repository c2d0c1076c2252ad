using MergeBus.Media.Analysis;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Mixing;
using Xunit.Abstractions;

namespace MergeBus.Mixer.Tests.Leveling;

/// <summary>
/// The loudness target holds in the file as delivered: ffmpeg's ebur128 over the whole decoded file, every
/// channel, cut to one talker's turns, in every layout. This is what a platform's meter reads; a meter over one
/// channel of a stereo mix would hide a 3 dB miss.
/// </summary>
public sealed class DeliveredLoudnessTests(DeliveredLoudnessFixture fixture, ITestOutputHelper output) : IClassFixture<DeliveredLoudnessFixture>
{
    public static TheoryData<string, int> Layouts => new()
    {
        { MixLayouts.Mix, 2 },
        { MixLayouts.Mix, 1 },
        { MixLayouts.PerParticipant, 2 },
        { MixLayouts.DualChannelAgent, 2 },
        { MixLayouts.DualChannelAlternate, 2 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task In_speech_mode_every_talkers_turns_read_within_1_LU_of_the_target_over_the_whole_delivered_file(string layout, int channels)
    {
        var mixed = await fixture.MixAsync(layout, channels, LoudnessModes.Speech);
        var audio = mixed.Decoded[OutputFormats.WavPcm];
        var misses = new List<string>();
        foreach (var talker in fixture.Session.Participants)
        {
            var reading = await EbuR128.MeasureFileStretchesAsync(audio, fixture.TurnsOf(talker.ParticipantId));
            output.WriteLine($"{layout}/{channels}: {talker.Identity} {reading.IntegratedLufs:F1} LUFS over {audio.ChannelCount} channels");
            if (Math.Abs(reading.IntegratedLufs - LoudnessOptions.DefaultTargetLufs) > 1.0)
            {
                misses.Add($"{talker.Identity}: {reading.IntegratedLufs:F1} LUFS");
            }
        }

        Assert.Empty(misses);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task In_speech_mode_the_true_peak_of_the_whole_delivered_file_is_at_most_minus_1_dBTP(string layout, int channels)
    {
        var mixed = await fixture.MixAsync(layout, channels, LoudnessModes.Speech);
        var reading = await EbuR128.MeasureFileAsync(mixed.Decoded[OutputFormats.WavPcm]);
        output.WriteLine($"{layout}/{channels}: true peak {reading.TruePeakDbtp:F1} dBTP");

        Assert.True(reading.TruePeakDbtp <= -1.0, $"true peak {reading.TruePeakDbtp:F1} dBTP");
    }

    /// <summary>
    /// Off means no gain anywhere: each talker reads as their recording does on the same meter, played the way the
    /// file plays it (a mono voice on both channels of a stereo room mix is read as dual mono, +3.01 dB).
    /// </summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task In_off_mode_every_talkers_level_in_the_delivered_file_is_their_recorded_level_within_half_a_LU(string layout, int channels)
    {
        var mixed = await fixture.MixAsync(layout, channels, LoudnessModes.Off);
        var audio = mixed.Decoded[OutputFormats.WavPcm];
        var bothChannels = layout == MixLayouts.Mix && channels == 2;
        var misses = new List<string>();
        foreach (var talker in fixture.Session.Participants)
        {
            var recorded = fixture.Recorded[talker.ParticipantId];
            var before = await EbuR128.MeasureFileStretchesAsync(recorded, fixture.TurnsOf(talker.ParticipantId, talker.JoinOffsetSeconds), dualMono: bothChannels);
            var after = await EbuR128.MeasureFileStretchesAsync(audio, fixture.TurnsOf(talker.ParticipantId));
            output.WriteLine($"{layout}/{channels}: {talker.Identity} recorded {before.IntegratedLufs:F1}, delivered {after.IntegratedLufs:F1} LUFS");
            if (Math.Abs(after.IntegratedLufs - before.IntegratedLufs) > 0.5)
            {
                misses.Add($"{talker.Identity}: {before.IntegratedLufs:F1} → {after.IntegratedLufs:F1}");
            }
        }

        Assert.Empty(misses);
        Assert.All(mixed.Result.Speakers, s => Assert.Equal(0, s.GainDb));
    }

    /// <summary>A stem is a delivered file too: each person's mono stem meets the target on its own, whatever the mix's layout.</summary>
    [Fact]
    public async Task In_speech_mode_each_persons_stem_beside_a_stereo_mix_reads_within_1_LU_of_the_target()
    {
        var mixed = await fixture.MixAsync(MixLayouts.Mix, 2, LoudnessModes.Speech, stems: true);
        var misses = new List<string>();
        foreach (var talker in fixture.Session.Participants)
        {
            var reading = await EbuR128.MeasureFileStretchesAsync(mixed.Decoded[talker.Identity], fixture.TurnsOf(talker.ParticipantId));
            output.WriteLine($"stem of {talker.Identity}: {reading.IntegratedLufs:F1} LUFS");
            if (Math.Abs(reading.IntegratedLufs - LoudnessOptions.DefaultTargetLufs) > 1.0)
            {
                misses.Add($"{talker.Identity}: {reading.IntegratedLufs:F1} LUFS");
            }
        }

        Assert.Empty(misses);
    }

    /// <summary>
    /// The transcription files (one voice per channel, 16 kHz, written by ffmpeg) are read by a meter at the positions
    /// they declare: every person must weigh 1.0, none be LFE (ffmpeg's guess for three channels) or surround.
    /// </summary>
    [Theory]
    [InlineData(OutputFormats.WavPcm)]
    [InlineData(OutputFormats.Flac)]
    public async Task A_16_kHz_per_participant_file_is_read_by_a_meter_with_every_person_at_their_recorded_level(string format)
    {
        using var folder = new TempFolder("delivered-16k");
        var request = SessionMixing.Request(fixture.Session, MixLayouts.PerParticipant, [format], folder.Path, sampleRate: 16000);
        var result = await new MergeBus.Mixer.Components.Mixing.RoomMixBuilder().BuildAsync(request, null, CancellationToken.None);
        var audio = await DecodedAudio.DecodeAsync(result.Outputs[0].Path);
        var misses = new List<string>();
        foreach (var talker in fixture.Session.Participants)
        {
            var before = await EbuR128.MeasureFileStretchesAsync(fixture.Recorded[talker.ParticipantId], fixture.TurnsOf(talker.ParticipantId, talker.JoinOffsetSeconds));
            var after = await EbuR128.MeasureFileStretchesAsync(audio, fixture.TurnsOf(talker.ParticipantId));
            output.WriteLine($"{format} 16 kHz, positions 0x{audio.ChannelMask:x}: {talker.Identity} recorded {before.IntegratedLufs:F1}, delivered {after.IntegratedLufs:F1} LUFS");
            if (Math.Abs(after.IntegratedLufs - before.IntegratedLufs) > 0.5)
            {
                misses.Add($"{talker.Identity}: {before.IntegratedLufs:F1} → {after.IntegratedLufs:F1}");
            }
        }

        Assert.Empty(misses);
    }

    [Fact]
    public async Task The_talkers_are_recorded_at_minus_34_minus_23_and_minus_8_LUFS()
    {
        var levels = new List<double>();
        foreach (var talker in fixture.Session.Participants)
        {
            var reading = await EbuR128.MeasureFileStretchesAsync(fixture.Recorded[talker.ParticipantId], fixture.TurnsOf(talker.ParticipantId, talker.JoinOffsetSeconds));
            output.WriteLine($"{talker.Identity}: recorded {reading.IntegratedLufs:F1} LUFS");
            levels.Add(reading.IntegratedLufs);
        }

        Assert.All(levels.Zip(DeliveredLoudnessFixture.RecordedLufs), pair => Assert.InRange(pair.First, pair.Second - 1.5, pair.Second + 1.5));
    }
}
