using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MergeBus.LoopbackServers;

/// <summary>
/// A real 3-master Redis Cluster from Debian's redis-server: three nodes with <c>--cluster-enabled yes</c>, joined
/// by <c>redis-cli --cluster create</c>, each slot served once. Killed on dispose.
/// </summary>
public sealed class RedisClusterServer : IAsyncDisposable
{
    private readonly List<RedisServer> _nodes;

    private RedisClusterServer(List<RedisServer> nodes) => _nodes = nodes;

    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>host:port of every node, as <c>redis.cluster_addresses</c> takes them.</summary>
    public IReadOnlyList<string> Addresses => [.. _nodes.Select(n => n.Address)];

    /// <param name="extraArguments">More options for every node, e.g. an ACL <c>--user</c>.</param>
    public static async Task<RedisClusterServer> StartAsync(IReadOnlyList<string>? extraArguments = null)
    {
        var nodes = new List<RedisServer>();
        try
        {
            for (var i = 0; i < 3; i++)
                nodes.Add(await RedisServer.StartAsync(extraArguments:
                    ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", .. extraArguments ?? []],
                    choosePort: PortWithFreeBusPort));
            var cluster = new RedisClusterServer(nodes);
            await cluster.CreateAsync();
            return cluster;
        }
        catch
        {
            foreach (var node in nodes) await node.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }

    private async Task CreateAsync()
    {
        var start = new ProcessStartInfo(RedisServer.FindExecutable("redis-cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--cluster", "create" }.Concat(Addresses).Concat(["--cluster-replicas", "0", "--cluster-yes"]))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"redis-cli --cluster create failed: {await output}{await errors}");

        // Slots are assigned at once, but each node reports "ok" only after the gossip has reached it.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var states = await Task.WhenAll(_nodes.Select(n => n.CommandAsync("CLUSTER INFO")));
            if (states.All(s => s?.Contains("cluster_state:ok", StringComparison.Ordinal) == true))
                return;
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException($"the cluster did not become ok: {string.Join(" | ", states)}");
            await Task.Delay(100);
        }
    }

    /// <summary>A free port whose cluster bus port (port + 10000) is free as well.</summary>
    private static int PortWithFreeBusPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = TestPorts.FreeLoopbackPort();
            if (port + 10000 > 65535) continue;
            try
            {
                using var bus = new TcpListener(IPAddress.Loopback, port + 10000);
                bus.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
        throw new InvalidOperationException("no loopback port with a free cluster bus port");
    }
}
