using MergeBus.Media.Analysis;
using MergeBus.Media.Ogg;
using MergeBus.Media.Synthesis;

namespace MergeBus.Merge.Tests;

/// <summary>The bench's dense sessions (issue 22): every frame of every input holds sound, so every frame costs a decode.</summary>
public sealed class DenseSessionTests
{
    [Fact]
    public async Task A_dense_session_has_no_DTX_hole_in_any_participant_file()
    {
        using var dense = await SessionFolder.CreateAsync(new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 6, Dense = true });

        foreach (var participant in dense.Session.Participants)
        {
            var timeline = OpusTimeline.Read(participant.Path);
            Assert.Equal(0, timeline.HoleCount);
        }
    }

    [Fact]
    public async Task The_same_session_without_dense_has_DTX_holes()
    {
        using var sparse = await SessionFolder.CreateAsync(new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 6 });

        Assert.All(sparse.Session.Participants, p => Assert.True(OpusTimeline.Read(p.Path).HoleCount > 0, $"{p.FileName} has no DTX hole"));
    }

    [Fact]
    public async Task Between_its_bursts_a_dense_participant_holds_noise_at_the_requested_level()
    {
        var options = new SessionSynthesisOptions { ParticipantCount = 2, DurationSeconds = 6, Dense = true, DenseNoiseRms = 0.01 };
        using var dense = await SessionFolder.CreateAsync(options);
        var participant = dense.Session.Participants[0];
        var ownBursts = dense.Session.Bursts.Where(b => b.ParticipantId == participant.ParticipantId).ToList();

        var audio = await DecodedAudio.DecodeAsync(participant.Path);

        // The quiet stretches of the file's own timeline, 50 ms clear of any of its bursts (codec ramps).
        double sum = 0;
        long count = 0;
        for (long n = 4800; n < audio.Samples; n++)
        {
            var mixTime = participant.JoinOffsetSeconds + n / 48000.0;
            if (ownBursts.Any(b => mixTime > b.StartSeconds - 0.05 && mixTime < b.EndSeconds + 0.05)) continue;
            sum += audio[0][n] * (double)audio[0][n];
            count++;
        }

        Assert.True(count > 48000, $"only {count} quiet samples");
        var rms = Math.Sqrt(sum / count);
        Assert.InRange(rms, 0.5 * options.DenseNoiseRms, 2 * options.DenseNoiseRms);
    }
}
