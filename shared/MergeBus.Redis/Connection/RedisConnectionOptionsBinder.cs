using MergeBus.Configuration;

namespace MergeBus.Redis.Connection;

/// <summary>The redis section of the egress config (spec §5): one address, Sentinel, or Cluster.</summary>
public static class RedisConnectionOptionsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "redis.address", "redis.username", "redis.password", "redis.db", "redis.use_tls",
        "redis.sentinel_master_name", "redis.sentinel_addresses", "redis.cluster_addresses");

    public static RedisConnectionOptions Bind(ConfigurationValues values)
    {
        var sentinels = values.GetList("redis.sentinel_addresses");
        var clusterNodes = values.GetList("redis.cluster_addresses");
        // With Sentinel or Cluster the egress leaves redis.address empty: the client finds the servers itself.
        var address = values.Get("redis.address") ?? "";
        if (sentinels.Count == 0 && clusterNodes.Count == 0)
        {
            if (address.Length == 0) throw new ConfigurationException("redis.address", "is required (host:port)");
            if (!address.Contains(':')) throw new ConfigurationException("redis.address", "must be host:port");
        }
        var options = new RedisConnectionOptions
        {
            Address = address,
            Username = values.Get("redis.username") ?? "",
            Password = values.Get("redis.password") ?? "",
            Db = values.Int("redis.db", 0, min: 0),
            UseTls = values.Bool("redis.use_tls", false),
            SentinelMasterName = values.Get("redis.sentinel_master_name") ?? "",
            SentinelAddresses = sentinels,
            ClusterAddresses = clusterNodes,
        };
        try
        {
            RedisConnectionFactory.ToConfiguration(options);
        }
        catch (ArgumentException e)
        {
            // Its message is "key: reason" and quotes no secret.
            var parts = e.Message.Split(':', 2);
            throw new ConfigurationException(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : e.Message);
        }
        return options;
    }
}
