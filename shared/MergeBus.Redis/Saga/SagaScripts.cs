namespace MergeBus.Redis.Saga;

/// <summary>
/// Saga writes as Lua scripts, so the document, its version check and its state index change in one atomic step.
/// State index keys are built inside the scripts from a prefix; they share the document's hash tag, so on Redis
/// Cluster they are in the same slot (and on the same node) as the keys the script declares.
/// </summary>
internal static class SagaScripts
{
    // KEYS: instance, all. ARGV: data, version, state, ttl ms (0 = none), state prefix, id.
    // Refuses to replace a live instance (SET NX semantics); a finished (completed) one may be replaced.
    public const string Insert = """
        if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HGET', KEYS[1], 'completed') ~= '1' then return 0 end
        local old = redis.call('HGET', KEYS[1], 'state')
        if old then redis.call('SREM', ARGV[5] .. old, ARGV[6]) end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'data', ARGV[1], 'version', ARGV[2], 'state', ARGV[3], 'completed', '0')
        if tonumber(ARGV[4]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
        redis.call('SADD', KEYS[2], ARGV[6])
        if ARGV[3] ~= '' then redis.call('SADD', ARGV[5] .. ARGV[3], ARGV[6]) end
        return 1
        """;

    // KEYS: instance, all. ARGV: data, expected version, new version, state, ttl ms (0 = none), state prefix, id,
    // completed ('0' or '1'). Compare-and-set on the version; a completed instance is never written again.
    public const string Update = """
        if redis.call('HGET', KEYS[1], 'version') ~= ARGV[2] or redis.call('HGET', KEYS[1], 'completed') == '1' then
            return 0
        end
        local old = redis.call('HGET', KEYS[1], 'state')
        if old and old ~= ARGV[4] then redis.call('SREM', ARGV[6] .. old, ARGV[7]) end
        redis.call('HSET', KEYS[1], 'data', ARGV[1], 'version', ARGV[3], 'state', ARGV[4], 'completed', ARGV[8])
        if tonumber(ARGV[5]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[5]) else redis.call('PERSIST', KEYS[1]) end
        redis.call('SADD', KEYS[2], ARGV[7])
        if ARGV[4] ~= '' then redis.call('SADD', ARGV[6] .. ARGV[4], ARGV[7]) end
        return 1
        """;
}
