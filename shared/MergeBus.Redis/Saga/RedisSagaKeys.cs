using StackExchange.Redis;

namespace MergeBus.Redis.Saga;

/// <summary>
/// Key layout: <c>{prefix}:{id}</c> is a hash (data, version, state, completed); <c>{prefix}:state:{state}</c>
/// and <c>{prefix}:all</c> are sets of correlation ids.
/// </summary>
internal sealed class RedisSagaKeys(string prefix)
{
    public string StatePrefix { get; } = prefix + ":state:";

    public RedisKey All { get; } = prefix + ":all";

    public RedisKey Instance(Guid correlationId) => $"{prefix}:{correlationId:D}";

    public RedisKey State(string? state) => StatePrefix + (state ?? "");
}
