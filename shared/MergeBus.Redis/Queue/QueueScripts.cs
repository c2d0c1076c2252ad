namespace MergeBus.Redis.Queue;

/// <summary>
/// The queue's Lua scripts. Each runs atomically, so several Ingest instances can share the queue; claim times
/// come from the server's TIME so that instances with skewed clocks agree on when a claim expires.
/// </summary>
internal static class QueueScripts
{
    // KEYS: queue, processing, claims, claim entries, sequence. Returns {id, entry, ms} or nil.
    public const string Claim = """
        local entry = redis.call('LPOP', KEYS[1])
        if not entry then return false end
        redis.call('RPUSH', KEYS[2], entry)
        local id = tostring(redis.call('INCR', KEYS[5]))
        local t = redis.call('TIME')
        local ms = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
        redis.call('ZADD', KEYS[3], ms, id)
        redis.call('HSET', KEYS[4], id, entry)
        return {id, entry, ms}
        """;

    // KEYS: processing, claims, claim entries. ARGV: claim id. Returns 1 when the claim was still held.
    public const string Ack = """
        if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
        local entry = redis.call('HGET', KEYS[3], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        if entry then redis.call('LREM', KEYS[1], 1, entry) end
        return 1
        """;

    // KEYS: processing, claims, claim entries, dead. ARGV: claim id, dead record. Returns 1 when dead-lettered.
    public const string DeadLetter = """
        if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
        local entry = redis.call('HGET', KEYS[3], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        if entry then redis.call('LREM', KEYS[1], 1, entry) end
        redis.call('RPUSH', KEYS[4], ARGV[2])
        return 1
        """;

    // KEYS: queue, processing, claims, claim entries. ARGV: claim id. Returns 1 when the entry went back to the front.
    public const string Release = """
        if redis.call('ZREM', KEYS[3], ARGV[1]) == 0 then return 0 end
        local entry = redis.call('HGET', KEYS[4], ARGV[1])
        redis.call('HDEL', KEYS[4], ARGV[1])
        if entry then
            redis.call('LREM', KEYS[2], 1, entry)
            redis.call('LPUSH', KEYS[1], entry)
        end
        return 1
        """;

    // KEYS: queue, processing, claims, claim entries. ARGV: visibility timeout in ms. Returns the count requeued.
    // Newest expired claim is pushed first, so the oldest ends up at the very front, in its original order.
    public const string RequeueExpired = """
        local t = redis.call('TIME')
        local cutoff = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[1]))
        local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff)
        for i = #ids, 1, -1 do
            local id = ids[i]
            local entry = redis.call('HGET', KEYS[4], id)
            if entry then
                redis.call('LREM', KEYS[2], 1, entry)
                redis.call('LPUSH', KEYS[1], entry)
            end
            redis.call('ZREM', KEYS[3], id)
            redis.call('HDEL', KEYS[4], id)
        end
        return #ids
        """;
}
