using System.Diagnostics;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A real Redis Sentinel setup from Debian's redis-server: a master, a replica of it and one sentinel
/// (<c>redis-server CONF --sentinel</c>, quorum 1) watching them. <see cref="CrashMasterAsync"/> kills the master and
/// waits for the sentinel to promote the replica. Killed on dispose.
/// </summary>
public sealed class RedisSentinelServer : IAsyncDisposable
{
    public const string MasterName = "mergebus-master";

    private RedisSentinelServer(RedisServer master, RedisServer replica, RedisServer sentinel)
    {
        Master = master;
        Replica = replica;
        Sentinel = sentinel;
    }

    public RedisServer Master { get; private set; }

    public RedisServer Replica { get; private set; }

    public RedisServer Sentinel { get; }

    /// <summary>As <c>redis.sentinel_addresses</c> takes them.</summary>
    public IReadOnlyList<string> SentinelAddresses => [Sentinel.Address];

    public static async Task<RedisSentinelServer> StartAsync(bool appendOnly = true)
    {
        var started = new List<RedisServer>();
        try
        {
            var master = await RedisServer.StartAsync(appendOnly);
            started.Add(master);
            var replica = await RedisServer.StartAsync(appendOnly, ["--replicaof", RedisServer.Host, master.Port.ToString()]);
            started.Add(replica);
            await WaitUntilAsync(async () => (await replica.CommandAsync("INFO replication"))?.Contains("master_link_status:up") == true,
                "the replica did not sync with the master");

            // down-after 1 s and a short failover timeout: a test waits seconds, not the default 30 s + 3 min.
            var sentinel = await RedisServer.StartAsync(extraArguments: ["--sentinel"], configFile: _ => $"""
                sentinel monitor {MasterName} {RedisServer.Host} {master.Port} 1
                sentinel down-after-milliseconds {MasterName} 1000
                sentinel failover-timeout {MasterName} 10000
                """ + "\n");
            started.Add(sentinel);
            var servers = new RedisSentinelServer(master, replica, sentinel);
            await WaitUntilAsync(async () => (await sentinel.CommandAsync($"SENTINEL REPLICAS {MasterName}"))?.Contains(replica.Port.ToString()) == true,
                "the sentinel did not discover the replica");
            return servers;
        }
        catch
        {
            foreach (var server in started) await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Kills the master (SIGKILL, as a dying node) once the replica has every write, then waits until the sentinel
    /// names the replica as the new master.
    /// </summary>
    public async Task CrashMasterAsync()
    {
        await WaitUntilAsync(async () => await ReplicaCaughtUpAsync(), "the replica did not catch up before the crash");
        Master.Crash();
        await WaitUntilAsync(async () =>
                (await Sentinel.CommandAsync($"SENTINEL GET-MASTER-ADDR-BY-NAME {MasterName}"))?.Contains(Replica.Port.ToString()) == true,
            "the sentinel did not promote the replica", TimeSpan.FromSeconds(30));
        (Master, Replica) = (Replica, Master);
    }

    public async ValueTask DisposeAsync()
    {
        await Sentinel.DisposeAsync();
        await Replica.DisposeAsync();
        await Master.DisposeAsync();
    }

    private async Task<bool> ReplicaCaughtUpAsync()
    {
        var master = await Master.CommandAsync("INFO replication");
        var replica = await Replica.CommandAsync("INFO replication");
        return Offset(master, "master_repl_offset:") is { } written && Offset(replica, "slave_repl_offset:") is { } applied
               && applied >= written;
    }

    private static long? Offset(string? info, string field)
    {
        var at = info?.IndexOf(field, StringComparison.Ordinal) ?? -1;
        if (at < 0) return null;
        var digits = new string(info![(at + field.Length)..].TakeWhile(char.IsDigit).ToArray());
        return long.TryParse(digits, out var value) ? value : null;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure, TimeSpan? patience = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (patience ?? TimeSpan.FromSeconds(20)))
                throw new InvalidOperationException(failure);
            await Task.Delay(50);
        }
    }
}
