namespace MergeBus.Redis.Queue;

/// <summary>
/// The queue's Lua scripts. Each runs atomically, so several Ingest instances can share the queue; claim times
/// come from the server's TIME so that instances with skewed clocks agree on when a claim expires.
/// </summary>
internal static class QueueScripts
{
    // KEYS: queue, processing, claims, claim entries, sequence, dead.
    // ARGV: max entry bytes, max dead entries, excerpt bytes.
    // Returns {id, entry, ms, refused}, or {refused} when the queue ran dry, or nil when it was empty.
    // An entry longer than the limit is dead-listed here, as a redacted excerpt, so its bytes never leave Redis;
    // at most 16 per call, to keep one script call short.
    public const string Claim = """
        local refused = 0
        while refused < 16 do
            local entry = redis.call('LPOP', KEYS[1])
            if not entry then
                if refused > 0 then return {refused} end
                return false
            end
            local t = redis.call('TIME')
            if string.len(entry) <= tonumber(ARGV[1]) then
                redis.call('RPUSH', KEYS[2], entry)
                local id = tostring(redis.call('INCR', KEYS[5]))
                local ms = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
                redis.call('ZADD', KEYS[3], ms, id)
                redis.call('HSET', KEYS[4], id, entry)
                return {id, entry, ms, refused}
            end
            local excerpt = string.gsub(string.sub(entry, 1, tonumber(ARGV[3])), '"master_key"%s*:%s*"[^"]*"?', '"master_key":"<removed>"')
            excerpt = string.gsub(excerpt, '"master_key"%s*:%s*[^,}"]*$', '"master_key":"<removed>"')
            local reason = 'queue entry is ' .. string.len(entry) .. ' bytes; the limit is ' .. ARGV[1] .. ' (mergebus.limits.max_queue_entry_bytes)'
            local at = t[1] .. string.format('%06d', tonumber(t[2])) .. '000'
            redis.call('RPUSH', KEYS[6], '{"entry":' .. cjson.encode(excerpt) .. ',"reason":' .. cjson.encode(reason) .. ',"at":' .. at .. '}')
            redis.call('LTRIM', KEYS[6], -tonumber(ARGV[2]), -1)
            refused = refused + 1
        end
        return {refused}
        """;

    // KEYS: processing, claims, claim entries. ARGV: claim id. Returns 1 when the claim was still held.
    public const string Ack = """
        if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
        local entry = redis.call('HGET', KEYS[3], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        if entry then redis.call('LREM', KEYS[1], 1, entry) end
        return 1
        """;

    // KEYS: processing, claims, claim entries, dead. ARGV: claim id, dead record, max dead entries.
    // Returns 1 when dead-lettered. The dead list keeps only its newest records, so no flood of bad entries grows it.
    public const string DeadLetter = """
        if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
        local entry = redis.call('HGET', KEYS[3], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        if entry then redis.call('LREM', KEYS[1], 1, entry) end
        redis.call('RPUSH', KEYS[4], ARGV[2])
        redis.call('LTRIM', KEYS[4], -tonumber(ARGV[3]), -1)
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
