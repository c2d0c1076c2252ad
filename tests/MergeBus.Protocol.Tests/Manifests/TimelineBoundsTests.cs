using System.Text;
using System.Text.Json.Nodes;
using MergeBus.Protocol.Manifests;
using static MergeBus.Protocol.Tests.Support.ManifestJson;

namespace MergeBus.Protocol.Tests.Manifests;

public class TimelineBoundsTests
{
    private const long Second = 1_000_000_000;

    /// <summary>Two participants (PA_alice at T0, PA_bob 1 s later), each with the given timeline length in samples.</summary>
    private static long Check(JsonObject document, long aliceSamples, long bobSamples, MergeLimits? limits = null)
    {
        var manifest = Parse(document);
        var tracks = Alignment.Compute(manifest, limits);
        return TimelineBounds.Check(manifest,
            [.. tracks.Select(t => (t, t.ParticipantId == "PA_alice" ? aliceSamples : bobSamples))], limits ?? MergeLimits.Default);
    }

    private static JsonObject WithLeftAt(long aliceLeftAt)
    {
        var document = TwoParticipants();
        document["participants"]![0]!["left_at"] = aliceLeftAt;
        return document;
    }

    [Fact]
    public void The_mix_is_as_long_as_the_latest_track_end()
    {
        Assert.Equal(48_000 + 4 * 48_000, Check(TwoParticipants(), 2 * 48_000, 4 * 48_000));
    }

    [Fact]
    public void A_track_ending_within_the_tolerance_after_its_left_at_passes()
    {
        Assert.Equal(6 * 48_000, Check(WithLeftAt(T0 + 2 * Second), 6 * 48_000, 48_000));
    }

    [Fact]
    public void A_track_ending_more_than_the_tolerance_after_its_left_at_fails_with_the_figures_and_the_setting()
    {
        var error = Assert.Throws<PermanentMergeException>(() => Check(WithLeftAt(T0 + 2 * Second), 8 * 48_000, 48_000));

        Assert.Equal("participant PA_alice's audio lasts 8 s and ends 6 s after its left_at, more than the end tolerance " +
            "(5 s) of mergebus.limits.end_tolerance", error.Message);
    }

    [Fact]
    public void A_left_at_of_zero_is_not_compared()
    {
        Assert.Equal(8 * 48_000, Check(WithLeftAt(0), 8 * 48_000, 48_000));
    }

    [Fact]
    public void Audio_ending_more_than_the_tolerance_after_ended_at_fails()
    {
        // ended_at is T0 + 10 s; bob starts at T0 + 1 s and lasts 20 s.
        var error = Assert.Throws<PermanentMergeException>(() => Check(TwoParticipants(), 48_000, 20 * 48_000));

        Assert.Contains("ends 11 s after its ended_at", error.Message);
    }

    [Fact]
    public void A_longer_tolerance_lets_the_same_track_through()
    {
        var limits = new MergeLimits { EndTolerance = TimeSpan.FromSeconds(15) };

        Assert.Equal(21 * 48_000, Check(TwoParticipants(), 48_000, 20 * 48_000, limits));
    }

    [Fact]
    public void A_timeline_near_2_to_the_63_fails_against_the_session_length_instead_of_wrapping_negative()
    {
        var error = Assert.Throws<PermanentMergeException>(() => Check(TwoParticipants(), 48_000, long.MaxValue - 10));

        Assert.Contains("participant PA_bob's audio ends at", error.Message);
        Assert.Contains("beyond the maximum session length (24 h) of mergebus.limits.max_session_length", error.Message);
    }

    [Fact]
    public void A_manifest_with_a_non_integer_joined_at_still_reads_for_recording_a_failure_and_keeps_its_fields()
    {
        var document = TwoParticipants();
        document["participants"]![0]!["joined_at"] = 1.5;
        document["room_mix"] = new JsonObject { ["status"] = "completed", ["artifacts"] = new JsonArray() };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString()));

        var manifest = Manifest.ParseForFailure(stream);
        manifest.SetRoomMix(new RoomMix { Status = RoomMixStatuses.Failed, Error = "bad joined_at", Artifacts = [] });

        Assert.Throws<PermanentMergeException>(() => Parse(document));
        var written = JsonNode.Parse(manifest.ToJson())!;
        Assert.Equal(1.5, (double)written["participants"]![0]!["joined_at"]!);
        Assert.Equal("failed", (string)written["room_mix"]!["status"]!);
        Assert.Equal("bad joined_at", (string)written["room_mix"]!["error"]!);
    }

    [Fact]
    public void A_document_that_is_not_an_object_does_not_read_for_recording_a_failure()
    {
        using var stream = new MemoryStream("[1, 2]"u8.ToArray());

        Assert.Throws<PermanentMergeException>(() => Manifest.ParseForFailure(stream));
    }
}
