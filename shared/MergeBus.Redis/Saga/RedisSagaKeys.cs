using StackExchange.Redis;

namespace MergeBus.Redis.Saga;

/// <summary>
/// Key layout: <c>{prefix}:{id}</c> is a hash (data, version, state, completed); <c>{prefix}:state:{state}</c>
/// and <c>{prefix}:all</c> are sets of correlation ids. The braces are literal: the prefix is the hash tag, so on
/// Redis Cluster every key of a saga type lands in one slot and a write script may touch the document and its
/// indexes together.
/// </summary>
internal sealed class RedisSagaKeys(string prefix)
{
    private readonly string _tagged = "{" + prefix + "}";

    public string StatePrefix => _tagged + ":state:";

    public RedisKey All => _tagged + ":all";

    public RedisKey Instance(Guid correlationId) => $"{_tagged}:{correlationId:D}";

    public RedisKey State(string? state) => StatePrefix + (state ?? "");
}
