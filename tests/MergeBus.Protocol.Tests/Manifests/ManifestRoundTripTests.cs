using System.Text.Json.Nodes;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Tests.Support;

namespace MergeBus.Protocol.Tests.Manifests;

public class ManifestRoundTripTests
{
    private static JsonObject RoundTrip(JsonObject document) =>
        JsonNode.Parse(ManifestJson.Parse(document).ToJson())!.AsObject();

    [Fact]
    public void The_livekit_sample_is_written_back_unchanged()
    {
        var original = File.ReadAllText(Fixtures.LiveKitSampleManifest);

        var written = Manifest.Parse(original).ToJson();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void An_unknown_top_level_field_survives_a_round_trip()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["future_field"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };

        Assert.True(JsonNode.DeepEquals(doc["future_field"], RoundTrip(doc)["future_field"]));
    }

    [Fact]
    public void An_unknown_participant_field_survives_a_round_trip()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["participants"]![1]!["attributes"] = new JsonObject { ["role"] = "host" };

        Assert.Equal("host", (string?)RoundTrip(doc)["participants"]![1]!["attributes"]!["role"]);
    }

    [Fact]
    public void An_unknown_artifact_field_survives_a_round_trip()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["participants"]![0]!["artifacts"]![0]!["codec_params"] = "opus/48000/2";

        Assert.Equal("opus/48000/2", (string?)RoundTrip(doc)["participants"]![0]!["artifacts"]![0]!["codec_params"]);
    }

    [Fact]
    public void An_unknown_room_mix_field_survives_setting_the_room_mix()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["room_mix"] = new JsonObject { ["status"] = "failed", ["attempt_host"] = "worker-7" };
        var manifest = ManifestJson.Parse(doc);

        manifest.SetRoomMix(new RoomMix { Status = RoomMixStatuses.Completed });

        Assert.Equal("worker-7", (string?)JsonNode.Parse(manifest.ToJson())!["room_mix"]!["attempt_host"]);
    }

    [Fact]
    public void Nanosecond_timestamps_are_written_back_digit_for_digit()
    {
        var written = Manifest.Parse(File.ReadAllText(Fixtures.LiveKitSampleManifest)).ToJson();

        Assert.Contains("\"started_at\": 1770953265737934481", written);
    }

    [Fact]
    public void Setting_the_room_mix_writes_every_spec_and_additive_field()
    {
        var manifest = ManifestJson.Parse(ManifestJson.TwoParticipants());

        manifest.SetRoomMix(new RoomMix
        {
            Status = RoomMixStatuses.Completed,
            MergedAt = 1770953290000000000,
            Layout = "dual_channel_agent",
            ChannelCount = 2,
            Channels = [new RoomMixChannel(0, ["PA_alice"]), new RoomMixChannel(1, ["PA_bob"])],
            Artifacts =
            [
                new RoomMixArtifact
                {
                    Format = "ogg_opus", Filename = "room_mix_call_1.ogg", StorageUri = "room_mix_call_1.ogg", Size = 10,
                    DurationMs = 12800, Sha256 = ManifestJson.Sha, ChannelCount = 2, SampleRate = 48000,
                },
            ],
        });

        var expected = JsonNode.Parse($$"""
            {"status": "completed",
             "artifacts": [{"format": "ogg_opus", "filename": "room_mix_call_1.ogg", "storage_uri": "room_mix_call_1.ogg",
                            "size": 10, "duration_ms": 12800, "sha256": "{{ManifestJson.Sha}}", "channel_count": 2, "sample_rate": 48000}],
             "merged_at": 1770953290000000000, "layout": "dual_channel_agent",
             "channels": [{"channel": 0, "participant_ids": ["PA_alice"]}, {"channel": 1, "participant_ids": ["PA_bob"]}],
             "channel_count": 2}
            """);
        var written = JsonNode.Parse(manifest.ToJson())!["room_mix"];
        Assert.True(JsonNode.DeepEquals(expected, written), written!.ToJsonString());
    }

    [Fact]
    public void Room_mix_loudness_is_written_and_read_back_with_a_null_for_a_participant_who_never_spoke()
    {
        var manifest = ManifestJson.Parse(ManifestJson.TwoParticipants());
        manifest.SetRoomMix(new RoomMix
        {
            Status = RoomMixStatuses.Completed,
            Loudness = new RoomMixLoudness
            {
                Mode = "speech",
                TargetLufs = -18,
                MaxGainDb = 15,
                Participants =
                [
                    new RoomMixParticipantLoudness { ParticipantId = "PA_alice", Identity = "alice", SpeechLufs = -31.25, GainDb = 13.25, TruePeakDbtp = -20.5, SpeechMs = 4200 },
                    new RoomMixParticipantLoudness { ParticipantId = "PA_bob", Identity = "bob", SpeechLufs = null, GainDb = 0, SpeechMs = 0 },
                ],
            },
        });

        var json = manifest.ToJson();
        var loudness = JsonNode.Parse(json)!["room_mix"]!["loudness"]!;
        var reread = Manifest.Parse(json).RoomMix!.Loudness!;

        Assert.Equal(-31.25, loudness["participants"]![0]!["speech_lufs"]!.GetValue<double>());
        Assert.Null(loudness["participants"]![1]!["speech_lufs"]);
        Assert.Equal(13.25, reread.Participants[0].GainDb);
        Assert.Null(reread.Participants[1].SpeechLufs);
        Assert.Equal("speech", reread.Mode);
    }

    [Fact]
    public void A_manifest_may_ask_for_speech_leveling()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["loudness"] = "speech";

        Assert.Equal("speech", ManifestJson.Parse(doc).Loudness);
    }

    [Fact]
    public void A_completed_room_mix_clears_the_error_of_an_earlier_failure()
    {
        var manifest = ManifestJson.Parse(ManifestJson.TwoParticipants());
        manifest.SetRoomMix(new RoomMix { Status = RoomMixStatuses.Failed, Error = "ffmpeg exited with 1" });

        manifest.SetRoomMix(new RoomMix { Status = RoomMixStatuses.Completed });

        Assert.Null(JsonNode.Parse(manifest.ToJson())!["room_mix"]!["error"]);
    }

    [Fact]
    public void A_written_room_mix_reads_back_the_same()
    {
        var manifest = ManifestJson.Parse(ManifestJson.TwoParticipants());
        manifest.SetRoomMix(new RoomMix
        {
            Status = RoomMixStatuses.Failed, Error = "bad input", MergedAt = 5, Layout = "mix", ChannelCount = 1,
        });

        var reread = Manifest.Parse(manifest.ToJson()).RoomMix!;

        Assert.Equal(("failed", "bad input", (long?)5, "mix", (int?)1), (reread.Status, reread.Error, reread.MergedAt, reread.Layout, reread.ChannelCount));
    }

    [Fact]
    public void Setting_the_room_mix_leaves_the_top_level_status_alone()
    {
        var manifest = ManifestJson.Parse(ManifestJson.TwoParticipants());

        manifest.SetRoomMix(new RoomMix { Status = RoomMixStatuses.Failed, Error = "x" });

        Assert.Equal("completed", (string?)JsonNode.Parse(manifest.ToJson())!["status"]);
    }

    [Fact]
    public void A_room_mix_status_other_than_completed_or_failed_is_refused() =>
        Assert.Throws<ArgumentException>(() =>
            ManifestJson.Parse(ManifestJson.TwoParticipants()).SetRoomMix(new RoomMix { Status = "merging" }));

    [Fact]
    public void Set_status_changes_the_top_level_status()
    {
        var manifest = ManifestJson.Parse(ManifestJson.TwoParticipants());

        manifest.SetStatus("merging");

        Assert.Equal(("merging", "merging"), (manifest.Status, (string?)JsonNode.Parse(manifest.ToJson())!["status"]));
    }
}
