using System.Text.Json.Nodes;
using MergeBus.LiveKit.Manifests;
using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Tests.Support;
using MergeBus.LiveKit.Wire;
using MergeBus.Protocol;
using MergeBus.Protocol.Manifests;

namespace MergeBus.LiveKit.Tests.Manifests;

public class LiveKitManifestBuilderTests
{
    private static readonly string FakeHash = new('a', 64);

    private static async Task<RoomSession> Session(Func<WebhookEvent, bool>? dropped = null) =>
        RoomSession.Fold((await StandupEvents.ParsedAsync()).Where(e => dropped?.Invoke(e) != true));

    private static LiveKitManifestOptions Hashed(RoomSession session) => new()
    {
        Sha256ByKey = LiveKitManifestBuilder.MixableFiles(session).ToDictionary(f => f.Filename, _ => FakeHash),
    };

    [Fact]
    public async Task Each_file_lands_at_its_file_results_started_at_with_mix_time_zero_the_earliest()
    {
        var session = await Session();
        var built = LiveKitManifestBuilder.Build(session, Hashed(session));

        var tracks = Alignment.Compute(Manifest.Parse(built.Json)).ToDictionary(t => t.Participant.TrackId);

        Assert.Equal(0, tracks["TR_alice1"].OffsetNs);
        Assert.Equal(StandupRoom.BobStart - StandupRoom.AliceFirstStart, tracks["TR_bobmic"].OffsetNs);
        Assert.Equal(StandupRoom.AliceSecondStart - StandupRoom.AliceFirstStart, tracks["TR_alice2"].OffsetNs);
        Assert.All(tracks.Values, t => Assert.Equal(AlignmentAnchors.EgressStartedAt, t.Anchor));
    }

    [Fact]
    public async Task The_manifest_passes_the_merges_own_validation()
    {
        var session = await Session();
        var built = LiveKitManifestBuilder.Build(session, Hashed(session));

        var manifest = Manifest.Parse(built.Json);
        ManifestValidator.Validate(manifest, MergeLimits.Default);

        Assert.Equal((StandupRoom.RoomSid, StandupRoom.RoomName, 48000), (manifest.RoomId, manifest.RoomName, manifest.SampleRate));
        Assert.Equal(StandupRoom.AliceFirstStart, manifest.StartedAt);
    }

    [Fact]
    public async Task A_LiveKit_agents_kind_reaches_the_manifest_as_agent()
    {
        var session = await Session();
        var manifest = Manifest.Parse(LiveKitManifestBuilder.Build(session, Hashed(session)).Json);

        Assert.Equal("agent", manifest.Participants.Single(p => p.ParticipantIdentity == "bob").Kind);
        Assert.All(manifest.Participants.Where(p => p.ParticipantIdentity == "alice"), p => Assert.Equal("standard", p.Kind));
    }

    [Fact]
    public async Task The_reconnecting_person_is_two_entries_with_one_identity()
    {
        var session = await Session();
        var manifest = Manifest.Parse(LiveKitManifestBuilder.Build(session, Hashed(session)).Json);

        var alice = manifest.Participants.Where(p => p.ParticipantIdentity == "alice").ToList();

        Assert.Equal(["TR_alice1", "TR_alice2"], alice.Select(p => p.TrackId));
        Assert.Equal(["PA_alice1", "PA_alice2"], alice.Select(p => p.ParticipantId));
        Assert.Single(Alignment.Compute(manifest).Where(t => t.ParticipantIdentity == "alice").Select(t => t.PersonKey).Distinct());
    }

    [Fact]
    public async Task Video_failed_and_unrecorded_tracks_are_listed_under_livekit_and_never_mixed()
    {
        var session = await Session();
        var built = LiveKitManifestBuilder.Build(session, Hashed(session));
        var root = JsonNode.Parse(built.Json)!;

        Assert.Equal(["TR_alice1", "TR_bobmic", "TR_alice2"], root["participants"]!.AsArray().Select(p => (string)p!["track_id"]!));
        var egresses = root["livekit"]!["egresses"]!.AsArray().ToDictionary(e => (string)e!["egress_id"]!);
        Assert.Equal(("EGRESS_FAILED", "pipeline failed to start", false),
            ((string)egresses["EG_dave"]!["status"]!, (string)egresses["EG_dave"]!["error"]!, (bool)egresses["EG_dave"]!["mixed"]!));
        Assert.Equal("video track TR_bobcam", (string)egresses["EG_bobcam"]!["ignored"]!);
        Assert.Equal(["TR_carol"], root["livekit"]!["not_recorded"]!.AsArray().Select(t => (string)t!["track_id"]!));
        Assert.Equal(["TR_bobcam"], root["livekit"]!["ignored"]!.AsArray().Select(t => (string)t!["track_id"]!));
        Assert.Contains(built.Warnings, w => w.Contains("EG_dave") && w.Contains("EGRESS_FAILED"));
        Assert.Contains(built.Warnings, w => w.Contains("TR_carol") && w.Contains("not recorded"));
    }

    [Fact]
    public async Task The_manifest_goes_in_the_common_folder_of_the_files_which_it_names_relative_to_it()
    {
        var session = await Session();
        var built = LiveKitManifestBuilder.Build(session, Hashed(session));
        var manifest = Manifest.Parse(built.Json);

        Assert.Equal($"{StandupRoom.Folder}/manifest.json", built.ManifestKey);
        foreach (var p in manifest.Participants)
            Assert.Equal(StandupRoom.FileKey(p.ParticipantIdentity, p.TrackId),
                StorageUriResolver.Resolve(built.ManifestKey, p.Artifacts[0].StorageUri, bucket: null));
    }

    [Fact]
    public async Task A_manifest_path_template_names_the_room()
    {
        var session = await Session();

        var built = LiveKitManifestBuilder.Build(session, Hashed(session) with { ManifestPath = "recordings/{room_name}/{room_id}/" });

        Assert.Equal($"{StandupRoom.Folder}/manifest.json", built.ManifestKey);
    }

    [Fact]
    public async Task A_manifest_path_outside_the_recordings_folder_is_refused()
    {
        var session = await Session();

        var failure = Assert.Throws<PermanentMergeException>(() =>
            LiveKitManifestBuilder.Build(session, Hashed(session) with { ManifestPath = "elsewhere/{room_id}.json" }));

        Assert.Contains("not a folder holding every recording", failure.Message);
    }

    [Fact]
    public async Task Without_track_events_the_identity_comes_from_the_publisher_identity_in_the_file_path()
    {
        var session = await Session(e => e.Event == WebhookEventNames.TrackPublished);

        var manifest = Manifest.Parse(LiveKitManifestBuilder.Build(session, Hashed(session)).Json);

        Assert.Equal(["alice", "bob", "alice"], manifest.Participants.Select(p => p.ParticipantIdentity));
        Assert.Equal(["TR_alice1", "TR_bobmic", "TR_alice2"], manifest.Participants.Select(p => p.ParticipantId));
    }

    [Fact]
    public async Task The_sha256_of_each_file_is_the_one_the_caller_measured_and_a_file_without_one_is_warned_about()
    {
        var session = await Session();
        var hashes = Hashed(session).Sha256ByKey.Where(h => !h.Key.Contains("TR_bobmic")).ToDictionary();

        var built = LiveKitManifestBuilder.Build(session, new LiveKitManifestOptions { Sha256ByKey = hashes });
        var manifest = Manifest.Parse(built.Json);

        Assert.Equal(FakeHash, manifest.Participants.Single(p => p.TrackId == "TR_alice1").Artifacts[0].Sha256);
        Assert.Equal("", manifest.Participants.Single(p => p.TrackId == "TR_bobmic").Artifacts[0].Sha256);
        Assert.Contains(built.Warnings, w => w.StartsWith($"no sha256 for {StandupRoom.FileKey("bob", "TR_bobmic")}"));
    }

    [Fact]
    public async Task An_audio_egress_not_ended_fails_the_build_naming_it()
    {
        var session = await Session(e => e.Event == WebhookEventNames.EgressEnded && e.EgressInfo!.EgressId == "EG_bobmic");

        var failure = Assert.Throws<PermanentMergeException>(() => LiveKitManifestBuilder.Build(session, Hashed(session)));

        Assert.Equal("audio egress(es) not ended: EG_bobmic (track TR_bobmic of bob) EGRESS_ACTIVE", failure.Message);
    }

    [Fact]
    public async Task When_the_room_is_known_to_be_over_an_egress_not_ended_is_listed_not_mixed()
    {
        var session = await Session(e => e.Event == WebhookEventNames.EgressEnded && e.EgressInfo!.EgressId == "EG_bobmic");

        var built = LiveKitManifestBuilder.Build(session, Hashed(session) with { AllowUnended = true });

        Assert.DoesNotContain(Manifest.Parse(built.Json).Participants, p => p.TrackId == "TR_bobmic");
        Assert.Contains(built.Warnings, w => w.Contains("EG_bobmic") && w.Contains("never ended"));
    }

    [Fact]
    public async Task A_file_without_a_started_at_fails_the_build_naming_the_file()
    {
        var events = (await StandupEvents.ParsedAsync()).Select(e =>
            e.EgressInfo is { EgressId: "EG_bobmic", FileResults.Count: 1 } info
                ? e with { EgressInfo = info with { FileResults = [info.FileResults[0] with { StartedAt = 0 }] } }
                : e);

        var failure = Assert.Throws<PermanentMergeException>(() => LiveKitManifestBuilder.Build(RoomSession.Fold(events), new LiveKitManifestOptions()));

        Assert.Contains($"file {StandupRoom.FileKey("bob", "TR_bobmic")} has no started_at", failure.Message);
    }

    [Fact]
    public async Task A_room_with_no_completed_audio_file_fails_with_one_line()
    {
        var session = await Session(e => e.EgressInfo is { } info && info.EgressId != "EG_dave");

        var failure = Assert.Throws<PermanentMergeException>(() => LiveKitManifestBuilder.Build(session, new LiveKitManifestOptions()));

        Assert.Equal("no audio track egress completed with a file: EG_dave (track TR_dave of dave) EGRESS_FAILED", failure.Message);
    }

    [Fact]
    public async Task No_storage_location_or_request_detail_reaches_the_manifest()
    {
        var session = await Session();

        var json = LiveKitManifestBuilder.Build(session, Hashed(session)).Json;

        Assert.DoesNotContain("s3.amazonaws.com", json);
        Assert.DoesNotContain("{publisher_identity}", json);
    }
}
