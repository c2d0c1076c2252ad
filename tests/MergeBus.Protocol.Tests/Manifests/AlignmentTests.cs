using System.Text.Json.Nodes;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Tests.Support;
using static MergeBus.Protocol.Tests.Support.ManifestJson;

namespace MergeBus.Protocol.Tests.Manifests;

public class AlignmentTests
{
    private static IReadOnlyList<AlignedTrack> Align(JsonObject doc, MergeLimits? limits = null) =>
        Alignment.Compute(ManifestJson.Parse(doc), limits);

    [Fact]
    public void The_livekit_sample_aligns_its_late_joiner_by_its_joined_at_difference()
    {
        // joined_at 1770953265735129992 - 1770953265733534662 = 1_595_330 ns;
        // 1_595_330 ns * 48000 / 1e9 = 76.57584 samples, which rounds to 77.
        var tracks = Alignment.Compute(Manifest.Parse(File.ReadAllText(Fixtures.LiveKitSampleManifest)));

        Assert.Equal(
            [("TR_AMPG9Ds3N5m88e", 0L, 0L), ("TR_AwHCsrHLwqSeo", 1_595_330L, 77L)],
            tracks.Select(t => (t.ParticipantId, t.OffsetNs, t.OffsetSamples48k)));
    }

    [Fact]
    public void Clock_sync_server_timestamp_is_the_start_when_it_is_positive()
    {
        var late = Participant("PA_b", T0, Artifact());
        late["clock_sync"] = new JsonObject { ["server_timestamp"] = T0 + 500_000_000, ["rtp_clock_base"] = 0, ["clock_rate"] = 48000 };

        var tracks = Align(Session(Participant("PA_a", T0, Artifact()), late));

        Assert.Equal(24_000L, tracks.Single(t => t.ParticipantId == "PA_b").OffsetSamples48k);
    }

    [Fact]
    public void A_zero_server_timestamp_falls_back_to_joined_at()
    {
        var late = Participant("PA_b", T0 + 250_000_000, Artifact());
        late["clock_sync"] = new JsonObject { ["server_timestamp"] = 0, ["rtp_clock_base"] = 0, ["clock_rate"] = 48000 };

        var tracks = Align(Session(Participant("PA_a", T0, Artifact()), late));

        Assert.Equal(250_000_000L, tracks.Single(t => t.ParticipantId == "PA_b").OffsetNs);
    }

    [Fact]
    public void Tracks_are_ordered_by_offset_then_participant_id()
    {
        var tracks = Align(Session(
            Participant("PA_c", T0 + 5, Artifact()),
            Participant("PA_b", T0, Artifact()),
            Participant("PA_a", T0, Artifact())));

        Assert.Equal(["PA_a", "PA_b", "PA_c"], tracks.Select(t => t.ParticipantId));
    }

    [Fact]
    public void Offsets_are_exact_to_the_sample_with_no_20_ms_rounding()
    {
        var tracks = Align(Session(Participant("PA_a", T0, Artifact()), Participant("PA_b", T0 + 1_000_000, Artifact())));

        Assert.Equal(48L, tracks[1].OffsetSamples48k);
    }

    [Theory]
    [InlineData(10_416L, 0L)]
    [InlineData(10_417L, 1L)]
    [InlineData(20_833_334L, 1000L)]
    public void Offsets_round_to_the_nearest_48k_sample(long offsetNs, long samples) =>
        Assert.Equal(samples, Alignment.ToSamples48k(offsetNs));

    [Fact]
    public void Without_any_participant_start_every_track_starts_at_the_reference()
    {
        var tracks = Align(Session(Participant("PA_a", 0, Artifact()), Participant("PA_b", 0, Artifact())));

        Assert.Equal([(ManifestJson.T0, 0L), (ManifestJson.T0, 0L)], tracks.Select(t => (t.StartNs, t.OffsetNs)));
    }

    [Fact]
    public void A_participant_without_artifacts_is_skipped_and_does_not_set_the_reference()
    {
        var tracks = Align(Session(
            Participant("PA_silent", T0 - 60_000_000_000),
            Participant("PA_a", T0, Artifact()),
            Participant("PA_b", T0 + 1_000_000_000, Artifact())));

        Assert.Equal([("PA_a", 0L), ("PA_b", 1_000_000_000L)], tracks.Select(t => (t.ParticipantId, t.OffsetNs)));
    }

    [Fact]
    public void A_participant_joining_70_years_late_is_rejected_naming_it_and_the_limit()
    {
        const long seventyYearsNs = 70L * 365 * 24 * 3600 * 1_000_000_000;
        var doc = Session(Participant("PA_a", 1_000_000_000, Artifact()), Participant("PA_ghost", 1_000_000_000 + seventyYearsNs, Artifact()));

        var ex = Assert.Throws<PermanentMergeException>(() => Align(doc));

        Assert.Contains("PA_ghost", ex.Message);
        Assert.Contains("maximum session length (24 h)", ex.Message);
    }

    [Fact]
    public void A_participant_within_a_raised_session_limit_is_accepted()
    {
        var doc = Session(Participant("PA_a", T0, Artifact()), Participant("PA_b", T0 + 30L * 3600 * 1_000_000_000, Artifact()));

        var tracks = Align(doc, new MergeLimits { MaxSessionDuration = TimeSpan.FromHours(48) });

        Assert.Equal(30L * 3600 * 48_000, tracks[1].OffsetSamples48k);
    }

    [Fact]
    public void Aligned_tracks_carry_the_chosen_input_artifact()
    {
        var tracks = Align(Session(Participant("PA_a", T0, Artifact("wav_pcm", "a.wav"), Artifact("ogg_opus", "a.ogg"))));

        Assert.Equal("a.ogg", tracks[0].Artifact.StorageUri);
    }
}
