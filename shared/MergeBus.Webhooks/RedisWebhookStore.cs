using System.Text.Json;
using StackExchange.Redis;

namespace MergeBus.Webhooks;

/// <summary>
/// Deliveries in Redis: a hash of deliveries, a sorted set of when each is due, and a done marker per delivered
/// one, so an event consumed twice is sent once. A claimed delivery is pushed a lease into the future: a process
/// that dies mid-send leaves it to be claimed again once the lease ends.
/// </summary>
/// <param name="redis">The connection.</param>
/// <param name="maxFailures">The failed list keeps this many newest deliveries, so a long outage cannot grow it without end.</param>
public sealed class RedisWebhookStore(IConnectionMultiplexer redis, int maxFailures = RedisWebhookStore.DefaultMaxFailures)
{
    public const int DefaultMaxFailures = 1000;

    private const string EnqueueScript = """
        if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return 1
        """;

    private const string ClaimScript = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), id) end
        return ids
        """;

    private const string FinishScript = """
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
        if ARGV[3] ~= '' then
            redis.call('LPUSH', KEYS[4], ARGV[3])
            redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[4]) - 1)
        end
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <returns>False when the delivery was stored or done already.</returns>
    public async Task<bool> EnqueueAsync(WebhookDelivery delivery, DateTimeOffset due) =>
        (int)await Db.ScriptEvaluateAsync(EnqueueScript,
            [WebhookKeys.Deliveries, WebhookKeys.Due, WebhookKeys.Done(delivery.Id)],
            [delivery.Id, JsonSerializer.Serialize(delivery), due.ToUnixTimeMilliseconds()]) == 1;

    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int count)
    {
        var ids = (RedisValue[]?)await Db.ScriptEvaluateAsync(ClaimScript, [WebhookKeys.Due],
            [now.ToUnixTimeMilliseconds(), (long)lease.TotalMilliseconds, count]) ?? [];
        if (ids.Length == 0) return [];
        var values = await Db.HashGetAsync(WebhookKeys.Deliveries, ids);
        var deliveries = new List<WebhookDelivery>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (values[i].IsNullOrEmpty) await Db.SortedSetRemoveAsync(WebhookKeys.Due, ids[i]); // finished elsewhere
            else deliveries.Add(JsonSerializer.Deserialize<WebhookDelivery>((string)values[i]!)!);
        }
        return deliveries;
    }

    public async Task RescheduleAsync(WebhookDelivery delivery, DateTimeOffset due)
    {
        var batch = Db.CreateTransaction();
        _ = batch.HashSetAsync(WebhookKeys.Deliveries, delivery.Id, JsonSerializer.Serialize(delivery));
        _ = batch.SortedSetAddAsync(WebhookKeys.Due, delivery.Id, due.ToUnixTimeMilliseconds());
        await batch.ExecuteAsync();
    }

    /// <summary>Delivered, or given up (then <paramref name="failure"/> goes on the failed list).</summary>
    public Task FinishAsync(WebhookDelivery delivery, TimeSpan rememberFor, WebhookFailure? failure = null) =>
        Db.ScriptEvaluateAsync(FinishScript,
            [WebhookKeys.Deliveries, WebhookKeys.Due, WebhookKeys.Done(delivery.Id), WebhookKeys.Failed],
            [delivery.Id, (long)rememberFor.TotalMilliseconds, failure is null ? "" : JsonSerializer.Serialize(failure), maxFailures]);

    public async Task<IReadOnlyList<WebhookFailure>> FailedAsync(int count = 100) =>
        [.. (await Db.ListRangeAsync(WebhookKeys.Failed, 0, count - 1)).Select(v => JsonSerializer.Deserialize<WebhookFailure>((string)v!)!)];
}
