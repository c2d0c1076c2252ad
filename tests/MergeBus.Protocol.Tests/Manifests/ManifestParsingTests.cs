using System.Text;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Tests.Support;

namespace MergeBus.Protocol.Tests.Manifests;

public class ManifestParsingTests
{
    private static Manifest Sample() => Manifest.Parse(File.ReadAllText(Fixtures.LiveKitSampleManifest));

    [Fact]
    public void The_livekit_sample_manifest_parses_its_top_level_fields()
    {
        var m = Sample();

        Assert.Equal(("EG_8wwYLK3ixeT8", "RM_C2KpUT9YZFTB", "call-1770953256570-526", "EG_8wwYLK3ixeT8", 44100, 2),
            (m.EgressId, m.RoomId, m.RoomName, m.SessionId, m.SampleRate, m.ChannelCount));
        Assert.Equal((1770953265737934481L, 1770953278789941677L, "completed"), (m.StartedAt, m.EndedAt, m.Status));
        Assert.Equal(["ogg_opus"], m.Formats);
    }

    [Fact]
    public void The_livekit_sample_manifest_parses_participants_and_artifacts()
    {
        var p = Sample().Participants[1];
        var a = Assert.Single(p.Artifacts);

        Assert.Equal(("TR_AwHCsrHLwqSeo", 1770953265735129992L, (long?)1770953278551314659L), (p.ParticipantId, p.JoinedAt, p.LeftAt));
        Assert.Equal(("ogg_opus", "file2", 47061L, 3921L, (long?)1770953278789858647L),
            (a.Format, a.StorageUri, a.Size, a.DurationMs, a.UploadedAt));
        Assert.Equal("9d1f2a2978ed4e9823ba8c83156750294a51fcff1dbbf3d79d60a3caeb72d34b", a.Sha256);
    }

    [Fact]
    public void Optional_fields_that_are_absent_read_as_null()
    {
        var m = Sample();

        Assert.Equal((null, null, null, null), (m.Encryption, m.DirectMixPath, m.RoomMix, m.Participants[0].ClockSync));
    }

    [Fact]
    public void Clock_sync_is_read_when_present()
    {
        var participant = ManifestJson.Participant("PA_a", ManifestJson.T0, ManifestJson.Artifact());
        participant["clock_sync"] = new System.Text.Json.Nodes.JsonObject
        {
            ["server_timestamp"] = 123L, ["rtp_clock_base"] = 456L, ["clock_rate"] = 48000,
        };

        var sync = ManifestJson.Parse(ManifestJson.Session(participant)).Participants[0].ClockSync;

        Assert.Equal(new ClockSync { ServerTimestamp = 123, RtpClockBase = 456, ClockRate = 48000 }, sync);
    }

    [Fact]
    public void A_manifest_parses_from_a_stream()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(File.ReadAllText(Fixtures.LiveKitSampleManifest)));

        Assert.Equal(2, Manifest.Parse(stream).Participants.Count);
    }

    [Fact]
    public void Malformed_json_is_rejected_as_not_valid_json()
    {
        var ex = Assert.Throws<PermanentMergeException>(() => Manifest.Parse("{\"room_name\": \"x\", "));

        Assert.StartsWith("manifest is not valid JSON: ", ex.Message);
    }

    [Fact]
    public void A_json_array_is_rejected_because_a_manifest_is_an_object()
    {
        var ex = Assert.Throws<PermanentMergeException>(() => Manifest.Parse("[]"));

        Assert.Equal("manifest is not a JSON object", ex.Message);
    }

    [Fact]
    public void A_duplicated_key_is_rejected_as_not_valid_json()
    {
        var ex = Assert.Throws<PermanentMergeException>(() => Manifest.Parse("""{"room_name": "a", "room_name": "b"}"""));

        Assert.StartsWith("manifest is not valid JSON: ", ex.Message);
    }

    [Fact]
    public void A_top_level_field_of_the_wrong_type_is_rejected_naming_it()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["sample_rate"] = "48000";

        var ex = Assert.Throws<PermanentMergeException>(() => ManifestJson.Parse(doc));

        Assert.Equal("manifest field sample_rate must be a 32-bit integer", ex.Message);
    }

    [Fact]
    public void An_artifact_field_of_the_wrong_type_is_rejected_naming_its_path()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["participants"]![1]!["artifacts"]![0]!["size"] = 1.5;

        var ex = Assert.Throws<PermanentMergeException>(() => ManifestJson.Parse(doc));

        Assert.Equal("manifest field participants[1].artifacts[0].size must be an integer", ex.Message);
    }

    [Fact]
    public void A_participant_that_is_not_an_object_is_rejected_naming_its_index()
    {
        var doc = ManifestJson.TwoParticipants();
        doc["participants"]!.AsArray().Add("oops");

        var ex = Assert.Throws<PermanentMergeException>(() => ManifestJson.Parse(doc));

        Assert.Equal("manifest field participants[2] must be an object", ex.Message);
    }

    [Theory]
    [InlineData("\"agent\"", "agent")]
    [InlineData("\"AGENT\"", "agent")]
    [InlineData("4", "agent")]
    [InlineData("0", "standard")]
    public void A_participant_kind_reads_as_its_lower_case_name(string json, string expected)
    {
        var participant = ManifestJson.Participant("PA_a", ManifestJson.T0, ManifestJson.Artifact());
        participant["kind"] = System.Text.Json.Nodes.JsonNode.Parse(json);

        Assert.Equal(expected, ManifestJson.Parse(ManifestJson.Session(participant)).Participants[0].Kind);
    }
}
