namespace MergeBus.Ingest.Components.LiveKit.Rooms;

/// <summary>
/// The room store's Lua scripts: each runs atomically, so two Ingest replicas (or a proxy repeating a webhook)
/// never store an event twice, never pass the events-per-room limit and never push a room's job twice.
/// </summary>
internal static class LiveKitRoomScripts
{
    // KEYS: open rooms, room record, room events.
    // ARGV: room sid, event id, event JSON, events-per-room limit, now (Unix ms), room name or '', limit reason,
    // retention (s) of a room failed here, '1' when the event is room_finished.
    // Returns stored, repeat, closed, limit_reached or over_limit.
    public const string Record = """
        if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 1 then return 'repeat' end
        local state = redis.call('HGET', KEYS[2], 'state')
        if state == 'failed' and redis.call('HGET', KEYS[2], 'over_limit') == '1' then return 'over_limit' end
        if state and state ~= 'open' then return 'closed' end
        local count = redis.call('HLEN', KEYS[3])
        if count >= tonumber(ARGV[4]) then
            redis.call('HSET', KEYS[2], 'state', 'failed', 'reason', ARGV[7], 'over_limit', '1', 'updated_at', ARGV[5])
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[2], tonumber(ARGV[8]))
            redis.call('EXPIRE', KEYS[3], tonumber(ARGV[8]))
            return 'limit_reached'
        end
        redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
        if not state then
            redis.call('HSET', KEYS[2], 'state', 'open', 'room_sid', ARGV[1], 'first_at', ARGV[5])
        end
        if ARGV[6] ~= '' then redis.call('HSET', KEYS[2], 'room_name', ARGV[6]) end
        if ARGV[9] == '1' then redis.call('HSET', KEYS[2], 'finished', '1') end
        redis.call('HSET', KEYS[2], 'last_at', ARGV[5], 'events', count + 1, 'updated_at', ARGV[5])
        redis.call('ZADD', KEYS[1], ARGV[5], ARGV[1])
        return 'stored'
        """;

    // KEYS: open rooms, room record, room events. ARGV: room sid, state, field/value pairs…, retention (s).
    // Closes an open room: its record takes the new state and fields, and every key expires after the retention.
    public const string Close = """
        local state = redis.call('HGET', KEYS[2], 'state')
        if state ~= 'open' then return 0 end
        redis.call('HSET', KEYS[2], 'state', ARGV[2])
        for i = 3, #ARGV - 1, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
        redis.call('ZREM', KEYS[1], ARGV[1])
        local ttl = tonumber(ARGV[#ARGV])
        redis.call('EXPIRE', KEYS[2], ttl)
        redis.call('EXPIRE', KEYS[3], ttl)
        return 1
        """;

    // KEYS: egress queue, pushed marker. ARGV: job entry, marker TTL (s).
    // Pushes the room's job once: a second settle pass (or a replica that took over) finds the marker.
    public const string PushOnce = """
        if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then
            redis.call('RPUSH', KEYS[1], ARGV[1])
            return 1
        end
        return 0
        """;

    // KEYS: claim. ARGV: token. Releases the settle claim only if it is still ours.
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
