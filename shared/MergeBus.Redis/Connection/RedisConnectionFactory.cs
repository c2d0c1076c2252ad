using StackExchange.Redis;

namespace MergeBus.Redis.Connection;

/// <summary>Turns the egress <c>redis:</c> settings into a StackExchange.Redis connection.</summary>
public static class RedisConnectionFactory
{
    public static ConnectionMultiplexer Connect(RedisConnectionOptions options) =>
        ConnectionMultiplexer.Connect(ToConfiguration(options));

    /// <summary>
    /// Builds the client configuration, refusing settings this build cannot honour rather than silently
    /// connecting somewhere else.
    /// </summary>
    public static ConfigurationOptions ToConfiguration(RedisConnectionOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SentinelMasterName) || options.SentinelAddresses.Count > 0)
            throw new NotSupportedException(
                "redis.sentinel_master_name / redis.sentinel_addresses: Redis Sentinel is not supported by MergeBus yet; point redis.address at the master.");
        if (options.ClusterAddresses.Count > 0)
            throw new NotSupportedException(
                "redis.cluster_addresses: Redis Cluster is not supported by MergeBus (its Lua scripts touch several keys); use a standalone Redis.");
        // StackExchange.Redis 1.2.6 only sends AUTH <password>, which authenticates the ACL "default" user.
        if (!string.IsNullOrWhiteSpace(options.Username) && options.Username != "default")
            throw new NotSupportedException(
                "redis.username: ACL users other than \"default\" need StackExchange.Redis 2.x; leave redis.username empty and use the default user's password.");
        if (string.IsNullOrWhiteSpace(options.Address))
            throw new ArgumentException("redis.address is empty; expected host:port.");

        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            DefaultDatabase = options.Db,
            Ssl = options.UseTls,
            ClientName = "mergebus",
            ConnectTimeout = 5000,
        };
        configuration.EndPoints.Add(options.Address);
        if (options.Password.Length > 0)
            configuration.Password = options.Password;
        if (options.UseTls)
            configuration.SslHost = HostOf(options.Address);
        return configuration;
    }

    private static string HostOf(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && !address.EndsWith(']') ? address[..colon] : address;
    }
}
