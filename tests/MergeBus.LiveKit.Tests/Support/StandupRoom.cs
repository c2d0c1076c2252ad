using System.Text.Json.Nodes;

namespace MergeBus.LiveKit.Tests.Support;

/// <summary>
/// A room as tests/livekit-js describes it: alice (who reconnects: two participant sids, two audio tracks), bob
/// (an agent, with a camera track recorded too), carol (an audio track no egress recorded) and dave (whose
/// egress failed). File start times carry the offsets the manifest must reproduce.
/// </summary>
internal static class StandupRoom
{
    public const string ApiKey = "APIstandup";
    public const string ApiSecret = "standup-secret-0123456789abcdef";
    public const string RoomSid = "RM_standup1";
    public const string RoomName = "daily-standup";
    public const long T0 = 1_770_000_000; // Unix s
    public const long Ns = 1_000_000_000;

    // File starts (first packet at the egress), Unix ns.
    public const long AliceFirstStart = (T0 + 2) * Ns;
    public const long BobStart = (T0 + 2) * Ns + 47_300_000;
    public const long AliceSecondStart = (T0 + 20) * Ns + 250_000_000;
    public const long FinishedAt = T0 + 40;

    public const string Folder = $"recordings/{RoomName}/{RoomSid}";

    public static JsonObject Describe() => new()
    {
        ["api_key"] = ApiKey,
        ["api_secret"] = ApiSecret,
        ["room"] = new JsonObject { ["sid"] = RoomSid, ["name"] = RoomName },
        ["participants"] = new JsonArray(
            Participant("PA_alice1", "alice"), Participant("PA_alice2", "alice"),
            Participant("PA_bob", "bob", "AGENT"), Participant("PA_carol", "carol"), Participant("PA_dave", "dave")),
        ["tracks"] = new JsonArray(
            Track("TR_alice1", "PA_alice1", "AUDIO", T0 + 1), Track("TR_bobmic", "PA_bob", "AUDIO", T0 + 1),
            Track("TR_bobcam", "PA_bob", "VIDEO", T0 + 1), Track("TR_carol", "PA_carol", "AUDIO", T0 + 3),
            Track("TR_dave", "PA_dave", "AUDIO", T0 + 4), Track("TR_alice2", "PA_alice2", "AUDIO", T0 + 20)),
        ["egresses"] = new JsonArray(
            Egress("EG_alice1", "TR_alice1", "alice", AliceFirstStart, (T0 + 15) * Ns),
            Egress("EG_bobmic", "TR_bobmic", "bob", BobStart, (T0 + 38) * Ns),
            Egress("EG_bobcam", "TR_bobcam", "bob", (T0 + 2) * Ns, (T0 + 38) * Ns, extension: ".webm"),
            Egress("EG_dave", "TR_dave", "dave", (T0 + 5) * Ns, (T0 + 6) * Ns, status: "EGRESS_FAILED",
                error: "pipeline failed to start"),
            Egress("EG_alice2", "TR_alice2", "alice", AliceSecondStart, (T0 + 37) * Ns)),
        ["finished_at"] = FinishedAt,
    };

    public static string FileKey(string identity, string trackId, string extension = ".ogg") =>
        $"{Folder}/{identity}-{trackId}{extension}";

    private static JsonObject Participant(string sid, string identity, string kind = "STANDARD") =>
        new() { ["sid"] = sid, ["identity"] = identity, ["kind"] = kind };

    private static JsonObject Track(string sid, string participant, string type, long publishedAt) => new()
    {
        ["sid"] = sid, ["participant"] = participant, ["type"] = type, ["published_at"] = publishedAt,
    };

    private static JsonObject Egress(string id, string track, string identity, long fileStart, long fileEnd,
        string status = "EGRESS_COMPLETE", string error = "", string extension = ".ogg")
    {
        var files = new JsonArray();
        if (status == "EGRESS_COMPLETE")
            files.Add(new JsonObject
            {
                ["filename"] = FileKey(identity, track, extension),
                ["location"] = $"https://bucket.s3.amazonaws.com/{FileKey(identity, track, extension)}",
                ["size"] = 123_456,
                ["started_at"] = fileStart.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ended_at"] = fileEnd.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["duration"] = (fileEnd - fileStart).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        return new JsonObject
        {
            ["egress_id"] = id,
            ["track"] = track,
            ["status"] = status,
            ["error"] = error,
            ["filepath"] = "recordings/{room_name}/{room_id}/{publisher_identity}-{track_id}",
            // The request is set up before media flows: EgressInfo.started_at is never the anchor.
            ["started_at"] = (fileStart - 900_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ended_at"] = (fileEnd + 500_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["files"] = files,
        };
    }
}
