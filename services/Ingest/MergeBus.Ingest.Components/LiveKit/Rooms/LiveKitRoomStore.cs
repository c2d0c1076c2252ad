using System.Globalization;
using System.Text.Json;
using MergeBus.Redis.Queue;
using StackExchange.Redis;

namespace MergeBus.Ingest.Components.LiveKit.Rooms;

/// <summary>
/// LiveKit room sessions in Redis: each room's events (deduplicated by event id, capped per room), its record and
/// the index of open rooms the settle loop walks. Safe with several Ingest replicas: every change is one script.
/// </summary>
public sealed class LiveKitRoomStore(IConnectionMultiplexer redis)
{
    /// <summary>Record fields the settle loop keeps between passes.</summary>
    public const string LookupField = "lookup";
    public const string LookedUpAtField = "looked_up_at";
    public const string LookupFailuresField = "lookup_failures";

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Stores one event for its room, unless its id was stored before or the room is closed or over the limit.</summary>
    /// <param name="finishes">The event is room_finished: the settle loop folds only rooms that had one.</param>
    public async Task<RecordOutcome> RecordAsync(string roomSid, string eventId, ReadOnlyMemory<byte> json, string? roomName,
        bool finishes, int maxEventsPerRoom, TimeSpan retention, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limitReason = LimitReason(roomSid, maxEventsPerRoom);
        var result = await Database.ScriptEvaluateAsync(LiveKitRoomScripts.Record,
            [LiveKitRoomKeys.OpenRooms, LiveKitRoomKeys.Room(roomSid), LiveKitRoomKeys.Events(roomSid)],
            [roomSid, eventId, json, maxEventsPerRoom, now.ToUnixTimeMilliseconds(), roomName ?? "", limitReason,
                (long)Math.Max(1, retention.TotalSeconds), finishes ? "1" : "0"])
            .WaitAsync(cancellationToken);
        return (string?)result switch
        {
            "stored" => RecordOutcome.Stored,
            "repeat" => RecordOutcome.Repeat,
            "limit_reached" => RecordOutcome.LimitReached,
            "over_limit" => RecordOutcome.OverLimit,
            _ => RecordOutcome.Closed,
        };
    }

    /// <summary>Why a room failed at the events-per-room limit.</summary>
    public static string LimitReason(string roomSid, int maxEventsPerRoom) =>
        $"room {roomSid} sent more than {maxEventsPerRoom} webhook events (mergebus.limits.max_livekit_events_per_room)";

    /// <summary>Every open room, oldest last event first.</summary>
    public async Task<IReadOnlyList<string>> OpenRoomsAsync(CancellationToken cancellationToken) =>
        [.. (await Database.SortedSetRangeByRankAsync(LiveKitRoomKeys.OpenRooms).WaitAsync(cancellationToken)).Select(v => (string)v!)];

    /// <summary>The room's stored events, as LiveKit sent them.</summary>
    public async Task<IReadOnlyList<byte[]>> EventsAsync(string roomSid, CancellationToken cancellationToken) =>
        [.. (await Database.HashValuesAsync(LiveKitRoomKeys.Events(roomSid)).WaitAsync(cancellationToken)).Select(v => (byte[])v!)];

    public async Task<LiveKitRoomRecord?> GetAsync(string roomSid, CancellationToken cancellationToken)
    {
        var fields = (await Database.HashGetAllAsync(LiveKitRoomKeys.Room(roomSid)).WaitAsync(cancellationToken))
            .ToDictionary(e => (string)e.Name!, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        if (!fields.TryGetValue("state", out var state)) return null;
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : "";
        return new LiveKitRoomRecord
        {
            RoomSid = roomSid,
            RoomName = Field("room_name"),
            State = state,
            Reason = Field("reason"),
            Events = int.TryParse(Field("events"), CultureInfo.InvariantCulture, out var events) ? events : 0,
            FirstEventAt = Time(Field("first_at")),
            LastEventAt = Time(Field("last_at")),
            JobId = Field("job_id"),
            ManifestKey = Field("manifest"),
            Warnings = Field("warnings") is { Length: > 0 } warnings ? JsonSerializer.Deserialize<string[]>(warnings) ?? [] : [],
            LookedUpAt = Time(Field(LookedUpAtField)),
            Finished = Field("finished") == "1",
        };
    }

    public async Task<string?> GetFieldAsync(string roomSid, string field, CancellationToken cancellationToken) =>
        await Database.HashGetAsync(LiveKitRoomKeys.Room(roomSid), field).WaitAsync(cancellationToken);

    /// <summary>Sets fields of an open room's record (the ListEgress answer, a failure count).</summary>
    public Task SetFieldsAsync(string roomSid, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken) =>
        Database.HashSetAsync(LiveKitRoomKeys.Room(roomSid), [.. fields.Select(f => new HashEntry(f.Key, f.Value))])
            .WaitAsync(cancellationToken);

    /// <summary>Takes the room's settle claim for <paramref name="ttl"/>; false when another pass holds it.</summary>
    public Task<bool> TryClaimAsync(string roomSid, string token, TimeSpan ttl, CancellationToken cancellationToken) =>
        Database.StringSetAsync(LiveKitRoomKeys.Claim(roomSid), token, ttl, When.NotExists).WaitAsync(cancellationToken);

    public Task ReleaseAsync(string roomSid, string token) =>
        Database.ScriptEvaluateAsync(LiveKitRoomScripts.Release, [LiveKitRoomKeys.Claim(roomSid)], [token]);

    /// <summary>
    /// Closes an open room as <paramref name="state"/> with <paramref name="fields"/>; its keys then expire after
    /// <paramref name="retention"/>. False when it was not open (another pass closed it).
    /// </summary>
    public async Task<bool> CloseAsync(string roomSid, string state, IReadOnlyDictionary<string, string> fields,
        TimeSpan retention, CancellationToken cancellationToken)
    {
        RedisValue[] arguments =
        [
            roomSid, state, .. fields.SelectMany(f => new RedisValue[] { f.Key, f.Value }),
            (long)Math.Max(1, retention.TotalSeconds),
        ];
        var result = await Database.ScriptEvaluateAsync(LiveKitRoomScripts.Close,
            [LiveKitRoomKeys.OpenRooms, LiveKitRoomKeys.Room(roomSid), LiveKitRoomKeys.Events(roomSid)], arguments)
            .WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    /// <summary>RPUSHes the room's job entry onto the egress queue unless it was pushed before. True when pushed now.</summary>
    public async Task<bool> PushOnceAsync(string roomSid, string entry, TimeSpan markerLifetime, CancellationToken cancellationToken)
    {
        var result = await Database.ScriptEvaluateAsync(LiveKitRoomScripts.PushOnce,
            [EgressQueueKeys.Queue, LiveKitRoomKeys.Pushed(roomSid)], [entry, (long)Math.Max(1, markerLifetime.TotalSeconds)])
            .WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    /// <summary>True when the room's job was pushed (by any pass, on any replica).</summary>
    public Task<bool> IsPushedAsync(string roomSid, CancellationToken cancellationToken) =>
        Database.KeyExistsAsync(LiveKitRoomKeys.Pushed(roomSid)).WaitAsync(cancellationToken);

    private static DateTimeOffset? Time(string ms) =>
        long.TryParse(ms, CultureInfo.InvariantCulture, out var value) ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
