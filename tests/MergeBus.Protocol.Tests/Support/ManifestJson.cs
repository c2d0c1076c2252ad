using System.Text.Json.Nodes;
using MergeBus.Protocol.Manifests;

namespace MergeBus.Protocol.Tests.Support;

/// <summary>Builds manifest documents for tests: a valid two-participant session unless told otherwise.</summary>
public static class ManifestJson
{
    public const long T0 = 1_770_953_265_733_534_662;
    public const string Sha = "6188fcaa6d46b10e59d8fe14e2ab78f8faeb28527c8dd643256f73a7c875649e";

    public static JsonObject Participant(string id, long joinedAt, params JsonObject[] artifacts) => new()
    {
        ["participant_id"] = id,
        ["participant_identity"] = id,
        ["track_id"] = "TR_" + id,
        ["joined_at"] = joinedAt,
        ["artifacts"] = new JsonArray(artifacts.Select(a => (JsonNode?)a).ToArray()),
    };

    public static JsonObject Artifact(string format = "ogg_opus", string uri = "file1", long size = 1000, string sha = Sha) => new()
    {
        ["format"] = format,
        ["filename"] = uri + ".ogg",
        ["storage_uri"] = uri,
        ["size"] = size,
        ["duration_ms"] = 1000,
        ["sha256"] = sha,
    };

    public static JsonObject Session(params JsonObject[] participants) => new()
    {
        ["egress_id"] = "EG_1",
        ["room_id"] = "RM_1",
        ["room_name"] = "call 1",
        ["session_id"] = "EG_1",
        ["formats"] = new JsonArray("ogg_opus"),
        ["sample_rate"] = 48000,
        ["channel_count"] = 2,
        ["started_at"] = T0,
        ["ended_at"] = T0 + 10_000_000_000,
        ["participants"] = new JsonArray(participants.Select(p => (JsonNode?)p).ToArray()),
        ["status"] = "completed",
    };

    public static JsonObject TwoParticipants() => Session(
        Participant("PA_alice", T0, Artifact(uri: "file1")),
        Participant("PA_bob", T0 + 1_000_000_000, Artifact(uri: "file2")));

    public static Manifest Parse(JsonObject document) => Manifest.Parse(document.ToJsonString());
}
