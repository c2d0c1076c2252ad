using MergeBus.LoopbackServers;
using StackExchange.Redis;

namespace MergeBus.Webhooks.Tests.Support;

/// <summary>One real redis-server for a test class; each test starts from an empty database.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? server;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(server.Address);
    }

    public Task FlushAsync() => server!.CommandAsync("FLUSHALL");

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (server is not null) await server.DisposeAsync();
    }
}
