using System.Text.Json;
using MassTransit;
using StackExchange.Redis;

namespace MergeBus.Redis.Saga;

/// <summary>Reads and writes saga documents; everything MassTransit-facing goes through here.</summary>
public sealed class RedisSagaStore<TSaga>
    where TSaga : class, ISagaVersion
{
    private static readonly RedisValue[] DocumentFields = ["data", "completed", "state"];

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisSagaRepositoryOptions<TSaga> _options;
    private readonly RedisSagaKeys _keys;

    public RedisSagaStore(IConnectionMultiplexer redis, RedisSagaRepositoryOptions<TSaga> options)
    {
        options.Validate();
        _redis = redis;
        _options = options;
        _keys = new RedisSagaKeys(options.KeyPrefix);
    }

    internal RedisSagaKeys Keys => _keys;

    internal IDatabase Database => _redis.GetDatabase(_options.Database);

    /// <summary>The instance MassTransit may correlate messages to: null when absent or already completed.</summary>
    public async Task<TSaga?> LoadActiveAsync(Guid correlationId)
    {
        var stored = await ReadAsync(correlationId, withTimeToLive: false);
        return stored is { IsCompleted: false } ? stored.Instance : null;
    }

    public async Task<StoredSaga<TSaga>?> ReadAsync(Guid correlationId, bool withTimeToLive = true)
    {
        var key = _keys.Instance(correlationId);
        var fields = await Database.HashGetAsync(key, DocumentFields);
        if (fields[0].IsNullOrEmpty)
            return null;
        var instance = JsonSerializer.Deserialize<TSaga>((string)fields[0]!, _options.JsonOptions)
            ?? throw new InvalidDataException($"Saga document {key} is null.");
        var timeToLive = withTimeToLive ? await Database.KeyTimeToLiveAsync(key) : null;
        return new StoredSaga<TSaga>(instance, fields[1] == "1", timeToLive);
    }

    /// <summary>
    /// Every saga in a set index (a state, or all), dropping ids whose document has expired or, for a state
    /// index, has moved on to another state: the lazy half of index maintenance.
    /// </summary>
    internal async Task<IReadOnlyList<StoredSaga<TSaga>>> ReadIndexAsync(RedisKey index, string? expectedState)
    {
        var ids = await Database.SetMembersAsync(index);
        var sagas = new List<StoredSaga<TSaga>>(ids.Length);
        foreach (var id in ids)
        {
            var stored = Guid.TryParse((string?)id, out var correlationId) ? await ReadAsync(correlationId) : null;
            if (stored is null || (expectedState is not null && _options.StateOf(stored.Instance) != expectedState))
                await Database.SetRemoveAsync(index, id);
            else
                sagas.Add(stored);
        }
        return sagas;
    }

    /// <summary>
    /// Live sagas matching a MassTransit query. Redis has no secondary indexes for arbitrary expressions, so this
    /// reads every saga of the type: fine for the few hundred jobs MergeBus holds, not for millions.
    /// </summary>
    internal async Task<IReadOnlyList<TSaga>> FindActiveAsync(Func<TSaga, bool> filter)
    {
        var all = await ReadIndexAsync(_keys.All, expectedState: null);
        return all.Where(s => !s.IsCompleted && filter(s.Instance)).Select(s => s.Instance).ToList();
    }

    /// <summary>Stores a new instance unless a live one with the same CorrelationId exists.</summary>
    /// <returns>False when one exists; nothing is overwritten.</returns>
    public async Task<bool> InsertAsync(TSaga instance)
    {
        var state = _options.StateOf(instance) ?? "";
        RedisValue[] args =
        [
            Serialize(instance), instance.Version, state, RetentionMillisecondsFor(state, completed: false),
            _keys.StatePrefix, instance.CorrelationId.ToString("D"),
        ];
        var result = await Database.ScriptEvaluateAsync(SagaScripts.Insert, [_keys.Instance(instance.CorrelationId), _keys.All], args);
        return (int)result == 1;
    }

    /// <summary>
    /// Writes the instance if nobody else wrote it since it was loaded, bumping its Version.
    /// </summary>
    /// <param name="instance">The instance as loaded and then changed by the state machine.</param>
    /// <param name="completed">MassTransit is removing it: keep it, expiring, and hide it from correlation.</param>
    /// <exception cref="ConcurrencyException">Another writer got there first; the message should be retried.</exception>
    public async Task UpdateAsync(TSaga instance, bool completed)
    {
        var expected = instance.Version;
        instance.Version = expected + 1;
        var state = _options.StateOf(instance) ?? "";
        RedisValue[] args =
        [
            Serialize(instance), expected, instance.Version, state, RetentionMillisecondsFor(state, completed),
            _keys.StatePrefix, instance.CorrelationId.ToString("D"), completed ? "1" : "0",
        ];
        var result = await Database.ScriptEvaluateAsync(SagaScripts.Update, [_keys.Instance(instance.CorrelationId), _keys.All], args);
        if ((int)result == 1)
            return;

        instance.Version = expected;
        throw new ConcurrencyException(
            $"Saga {typeof(TSaga).Name} {instance.CorrelationId} changed since it was loaded (expected version {expected}).",
            typeof(TSaga), instance.CorrelationId);
    }

    private long RetentionMillisecondsFor(string state, bool completed) =>
        completed || _options.FinalStates.Contains(state) ? (long)_options.Retention.TotalMilliseconds : 0;

    private string Serialize(TSaga instance) => JsonSerializer.Serialize(instance, _options.JsonOptions);
}
