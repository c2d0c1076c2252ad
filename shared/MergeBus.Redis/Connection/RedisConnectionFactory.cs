using MergeBus.Redis.Queue;
using StackExchange.Redis;

namespace MergeBus.Redis.Connection;

/// <summary>Turns the egress <c>redis:</c> settings into a StackExchange.Redis connection: standalone, Sentinel or Cluster.</summary>
public static class RedisConnectionFactory
{
    public static ConnectionMultiplexer Connect(RedisConnectionOptions options) =>
        ConnectionMultiplexer.Connect(ToConfiguration(options));

    /// <summary>
    /// A second connection that only carries the queue's blocking wait: a blocking command holds its connection
    /// until it returns, and on the shared one it would stall every other command behind it.
    /// </summary>
    public static ConnectionMultiplexer ConnectForBlocking(RedisConnectionOptions options)
    {
        var configuration = ToConfiguration(options);
        configuration.ClientName = "mergebus-claim";
        // A wait may hold the connection for the queue's longest block; only then is it late.
        configuration.AsyncTimeout = configuration.SyncTimeout = (int)(EgressQueue.LongestBlock + TimeSpan.FromSeconds(5)).TotalMilliseconds;
        return ConnectionMultiplexer.Connect(configuration);
    }

    /// <summary>
    /// Builds the client configuration, refusing contradictory settings rather than silently connecting somewhere
    /// else. Messages start with the key they are about and never quote a secret.
    /// </summary>
    public static ConfigurationOptions ToConfiguration(RedisConnectionOptions options)
    {
        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            DefaultDatabase = options.Db,
            Ssl = options.UseTls,
            ClientName = "mergebus",
            ConnectTimeout = 5000,
            // No tie-breaker key or reconfigure channel: an ACL user with only the commands and keys we need
            // (shared/MergeBus.Redis/README.md) must not need GET on __Booksleeve_TieBreak or SUBSCRIBE.
            TieBreaker = "",
            ConfigurationChannel = "",
            // Nor CONFIG GET probes: CONFIG is an admin command (it can read the password) that we never need.
            CommandMap = CommandMap.Create(new HashSet<string> { "CONFIG" }, available: false),
        };

        var sentinel = !string.IsNullOrWhiteSpace(options.SentinelMasterName) || options.SentinelAddresses.Count > 0;
        var cluster = options.ClusterAddresses.Count > 0;
        if (sentinel && cluster)
            throw new ArgumentException("redis.cluster_addresses: cannot be combined with redis.sentinel_* settings.");
        if (sentinel)
        {
            if (string.IsNullOrWhiteSpace(options.SentinelMasterName))
                throw new ArgumentException("redis.sentinel_master_name: is required with redis.sentinel_addresses.");
            if (options.SentinelAddresses.Count == 0)
                throw new ArgumentException("redis.sentinel_addresses: is required with redis.sentinel_master_name (host:port list).");
            // The sentinels are asked for the current master, and again after every failover.
            configuration.ServiceName = options.SentinelMasterName;
            AddEndPoints(configuration, "redis.sentinel_addresses", options.SentinelAddresses);
        }
        else if (cluster)
        {
            // Cluster has only database 0; a different db would silently be ignored.
            if (options.Db != 0)
                throw new ArgumentException("redis.db: must be 0 with redis.cluster_addresses (Redis Cluster has one database).");
            // Any reachable node is enough: the client discovers the others and follows slot moves.
            AddEndPoints(configuration, "redis.cluster_addresses", options.ClusterAddresses);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.Address))
                throw new ArgumentException("redis.address: is empty; expected host:port.");
            AddEndPoints(configuration, "redis.address", [options.Address]);
        }

        // ACL: AUTH username password. Sentinels are reached with the same credentials, as the egress does.
        if (!string.IsNullOrWhiteSpace(options.Username))
            configuration.User = options.Username;
        if (options.Password.Length > 0)
            configuration.Password = options.Password;
        if (options.UseTls)
            configuration.SslHost = HostOf(configuration.EndPoints[0]);
        return configuration;
    }

    private static void AddEndPoints(ConfigurationOptions configuration, string key, IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            if (string.IsNullOrWhiteSpace(address) || !address.Contains(':'))
                throw new ArgumentException($"{key}: \"{address}\" is not host:port.");
            configuration.EndPoints.Add(address.Trim());
        }
    }

    private static string HostOf(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => dns.Host,
        System.Net.IPEndPoint ip => ip.Address.ToString(),
        _ => endPoint.ToString() ?? "",
    };
}
