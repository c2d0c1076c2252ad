using System.Globalization;
using System.Text.Json.Nodes;

namespace MergeBus.Support.Tests.LiveKit;

/// <summary>One recorded track of a LiveKit room, as the tests describe it: who published it and what its egress wrote.</summary>
public sealed record LiveKitTrack(string ParticipantSid, string Identity, string TrackSid, string EgressId, string Filename,
    long StartedAtNs, long EndedAtNs, long Size, string Type = "AUDIO", string Status = "EGRESS_COMPLETE");

/// <summary>
/// WebhookEvent JSON (proto3 JSON, lowerCamelCase, int64 as strings) for the events a room session is built from. The
/// tool then round-trips each through @livekit/protocol's WebhookEvent, so the body is exactly what LiveKit sends.
/// </summary>
public static class LiveKitEvents
{
    public static JsonObject TrackPublished(string id, string roomSid, string roomName, LiveKitTrack track) => new()
    {
        ["event"] = "track_published",
        ["id"] = id,
        ["createdAt"] = Seconds(track.StartedAtNs),
        ["room"] = Room(roomSid, roomName),
        ["participant"] = new JsonObject { ["sid"] = track.ParticipantSid, ["identity"] = track.Identity },
        ["track"] = new JsonObject
        {
            ["sid"] = track.TrackSid,
            ["type"] = track.Type,
            ["source"] = track.Type == "AUDIO" ? "MICROPHONE" : "CAMERA",
            ["mimeType"] = track.Type == "AUDIO" ? "audio/opus" : "video/VP8",
        },
    };

    public static JsonObject EgressStarted(string id, string roomSid, string roomName, LiveKitTrack track) =>
        Egress("egress_started", id, roomSid, roomName, track, "EGRESS_ACTIVE", withFile: false);

    public static JsonObject EgressEnded(string id, string roomSid, string roomName, LiveKitTrack track) =>
        Egress("egress_ended", id, roomSid, roomName, track, track.Status, withFile: true);

    /// <summary>The EgressInfo of a track's egress as ListEgress lists it once ended.</summary>
    public static JsonObject EgressInfo(string roomSid, string roomName, LiveKitTrack track) =>
        Info(roomSid, roomName, track, track.Status, withFile: true);

    public static JsonObject RoomFinished(string id, string roomSid, string roomName, long atNs) => new()
    {
        ["event"] = "room_finished",
        ["id"] = id,
        ["createdAt"] = Seconds(atNs),
        ["room"] = Room(roomSid, roomName),
    };

    private static JsonObject Egress(string name, string id, string roomSid, string roomName, LiveKitTrack track, string status, bool withFile) => new()
    {
        ["event"] = name,
        ["id"] = id,
        ["createdAt"] = Seconds(withFile ? track.EndedAtNs : track.StartedAtNs),
        ["egressInfo"] = Info(roomSid, roomName, track, status, withFile),
    };

    private static JsonObject Info(string roomSid, string roomName, LiveKitTrack track, string status, bool withFile)
    {
        var info = new JsonObject
        {
            ["egressId"] = track.EgressId,
            ["roomId"] = roomSid,
            ["roomName"] = roomName,
            ["status"] = status,
            ["startedAt"] = (track.StartedAtNs - 40_000_000).ToString(CultureInfo.InvariantCulture),
            ["updatedAt"] = (withFile ? track.EndedAtNs : track.StartedAtNs).ToString(CultureInfo.InvariantCulture),
            ["track"] = new JsonObject { ["roomName"] = roomName, ["trackId"] = track.TrackSid },
        };
        if (!withFile) return info;
        info["endedAt"] = track.EndedAtNs.ToString(CultureInfo.InvariantCulture);
        if (status != "EGRESS_COMPLETE") info["error"] = "egress failed: pipeline error";
        var file = new JsonObject
        {
            ["filename"] = track.Filename,
            ["startedAt"] = track.StartedAtNs.ToString(CultureInfo.InvariantCulture),
            ["endedAt"] = track.EndedAtNs.ToString(CultureInfo.InvariantCulture),
            ["duration"] = (track.EndedAtNs - track.StartedAtNs).ToString(CultureInfo.InvariantCulture),
            ["size"] = track.Size.ToString(CultureInfo.InvariantCulture),
            ["location"] = track.Filename,
        };
        info["fileResults"] = new JsonArray(file);
        info["file"] = file.DeepClone();
        return info;
    }

    private static JsonObject Room(string sid, string name) => new() { ["sid"] = sid, ["name"] = name };

    private static string Seconds(long ns) => (ns / 1_000_000_000).ToString(CultureInfo.InvariantCulture);
}
