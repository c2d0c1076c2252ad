using MergeBus.LoopbackServers;
using MergeBus.Redis.Connection;
using StackExchange.Redis;

namespace MergeBus.Redis.Tests.Topologies;

/// <summary>
/// One 3-master cluster per test class, reached the way MergeBus reaches it (redis.cluster_addresses), as the
/// documented ACL user, so every cluster test also shows that user suffices there.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public RedisClusterServer Cluster { get; private set; } = null!;

    public RedisConnectionOptions Options { get; private set; } = null!;

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public ConnectionMultiplexer Blocking { get; private set; } = null!;

    /// <summary>The default user, for what a test does besides MergeBus (pushing like the egress, reading lists back).</summary>
    public ConnectionMultiplexer Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await RedisClusterServer.StartAsync(["--user", .. AclRule.Cluster]);
        // One node is enough: the client discovers the others.
        Options = new RedisConnectionOptions
            { Address = "", ClusterAddresses = [Cluster.Addresses[0]], Username = AclRule.User, Password = AclRule.Password };
        Redis = RedisConnectionFactory.Connect(Options);
        Blocking = RedisConnectionFactory.ConnectForBlocking(Options);
        Admin = RedisConnectionFactory.Connect(Options with { Username = "", Password = "" });
    }

    public async Task DisposeAsync()
    {
        Redis.Dispose();
        Blocking.Dispose();
        Admin.Dispose();
        await Cluster.DisposeAsync();
    }

    /// <summary>Every node's ACL log (empty: <c>*0</c>), read as the default user.</summary>
    public Task<string?[]> AclLogsAsync() => Task.WhenAll(Cluster.Nodes.Select(n => n.CommandAsync("ACL LOG")));

    public Task FlushAsync() => Task.WhenAll(Cluster.Nodes.Select(async n =>
    {
        await n.CommandAsync("FLUSHALL");
        await n.CommandAsync("ACL LOG RESET");
    }));
}
