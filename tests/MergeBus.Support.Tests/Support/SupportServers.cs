using MergeBus.LoopbackServers;

namespace MergeBus.Support.Tests.Support;

/// <summary>One PostgreSQL and one Redis for the whole assembly; each host takes its own schema and Redis db.</summary>
public sealed class SupportServers : IAsyncLifetime
{
    private int next;

    public PostgresServer Postgres { get; private set; } = null!;
    public RedisServer Redis { get; private set; } = null!;

    public int NextDatabase() => Interlocked.Increment(ref next) % 16;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SupportCollection : ICollectionFixture<SupportServers>
{
    public const string Name = "support servers";
}
