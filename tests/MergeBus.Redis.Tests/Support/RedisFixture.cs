using MergeBus.LoopbackServers;
using StackExchange.Redis;

namespace MergeBus.Redis.Tests.Support;

/// <summary>One redis-server per test class; each test starts from an empty database.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public IDatabase Database => Redis.GetDatabase();

    public async Task InitializeAsync()
    {
        Server = await RedisServer.StartAsync();
        Redis = await ConnectAsync(Server);
    }

    public async Task DisposeAsync()
    {
        Redis.Dispose();
        await Server.DisposeAsync();
    }

    public Task FlushAsync() => Redis.GetServer(Server.Address).FlushDatabaseAsync();

    /// <summary>allowAdmin only so that tests can FLUSHDB; production connections never set it.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer server) =>
        await ConnectionMultiplexer.ConnectAsync($"{server.Address},allowAdmin=true,abortConnect=false");
}
