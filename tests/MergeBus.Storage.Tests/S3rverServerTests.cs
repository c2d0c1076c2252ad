using System.Net.Sockets;
using MergeBus.LoopbackServers;
using MergeBus.Storage.S3;
using MergeBus.Storage.Tests.Support;

namespace MergeBus.Storage.Tests;

/// <summary>The fixture itself: buckets asked for at start exist, and disposing really stops the server.</summary>
public sealed class S3rverServerTests
{
    [Fact]
    public async Task Buckets_named_at_start_accept_objects_without_being_created_first()
    {
        using var server = await S3rverServer.StartAsync("configured-a", "configured-b");
        using var store = new S3ObjectStorage(server.Options("configured-b"));

        await store.PutAsync("a.txt", StreamText.Of("a"));

        Assert.Equal("a", await StreamText.ReadAllAsync(store, "a.txt"));
    }

    [Fact]
    public async Task Disposing_the_server_stops_it_listening()
    {
        var server = await S3rverServer.StartAsync();
        var port = new Uri(server.Endpoint).Port;

        server.Dispose();

        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task Disposing_the_server_deletes_its_data_directory()
    {
        var server = await S3rverServer.StartAsync("bucket-x");
        var data = server.DataDirectory;

        server.Dispose();

        Assert.False(Directory.Exists(data));
    }
}
