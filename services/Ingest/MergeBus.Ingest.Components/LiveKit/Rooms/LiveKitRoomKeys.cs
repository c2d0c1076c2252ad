using MergeBus.Redis.Queue;

namespace MergeBus.Ingest.Components.LiveKit.Rooms;

/// <summary>
/// Redis keys of the LiveKit intake. The room keys share one hash tag so one Lua script may touch the open-room
/// index and a room's record together on Redis Cluster; the queue marker carries the egress queue's own hash tag so
/// the push and its marker are one script.
/// </summary>
public static class LiveKitRoomKeys
{
    private const string Slot = "{mergebus:livekit}";

    /// <summary>Sorted set: sid of every open room → its last event (Unix ms); the settle loop walks it.</summary>
    public const string OpenRooms = Slot + ":rooms";

    /// <summary>Hash: the room's record (state, reason, name, counts, job id); no secret, no event body.</summary>
    public static string Room(string roomSid) => $"{Slot}:room:{roomSid}";

    /// <summary>Hash: event id → the event's JSON as LiveKit sent it (the dedupe and the input of the fold).</summary>
    public static string Events(string roomSid) => $"{Slot}:room:{roomSid}:events";

    /// <summary>String: the settle claim, so two Ingest replicas never settle one room at once.</summary>
    public static string Claim(string roomSid) => $"{Slot}:room:{roomSid}:claim";

    /// <summary>String in the egress queue's slot: set when the room's job was pushed, so it is pushed once.</summary>
    public static string Pushed(string roomSid) => $"{{{EgressQueueKeys.Queue}}}:livekit:pushed:{roomSid}";
}
