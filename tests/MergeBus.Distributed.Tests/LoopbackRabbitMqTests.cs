using System.Net.Sockets;
using MergeBus.LoopbackServers;

namespace MergeBus.Distributed.Tests;

/// <summary>The test RabbitMQ node keeps Erlang's port mapper private: on loopback only, and gone with the node.</summary>
public sealed class LoopbackRabbitMqTests
{
    [Fact]
    public async Task A_test_node_runs_its_own_epmd_on_loopback_and_stops_it_when_disposed()
    {
        var server = await RabbitMqServer.StartAsync();
        int port;
        try
        {
            port = server.EpmdPort;
            Assert.True(await AcceptsAsync(port), $"no epmd on 127.0.0.1:{port} while the node runs");
            Assert.All(ListeningAddresses(port), address => Assert.Contains(address, LoopbackAddresses));
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.False(await AcceptsAsync(port), $"epmd on 127.0.0.1:{port} outlived its node");
    }

    // 127.0.0.1 and ::1 as /proc/net/tcp and tcp6 print them; epmd always adds the loopback of each family.
    private static readonly string[] LoopbackAddresses = ["0100007F", "00000000000000000000000001000000"];

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The local addresses (hex, as /proc/net/tcp and tcp6 print them) listening on <paramref name="port"/>.</summary>
    private static IEnumerable<string> ListeningAddresses(int port)
    {
        var hexPort = port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                const string listen = "0A";
                if (local[1] == hexPort && fields[3] == listen) yield return local[0];
            }
        }
    }
}
