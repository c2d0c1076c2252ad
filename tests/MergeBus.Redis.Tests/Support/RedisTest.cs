using StackExchange.Redis;

namespace MergeBus.Redis.Tests.Support;

/// <summary>Base for tests sharing their class's redis-server: the database is emptied before each test.</summary>
public abstract class RedisTest(RedisFixture fixture) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    protected RedisFixture Fixture { get; } = fixture;

    protected IConnectionMultiplexer Redis => Fixture.Redis;

    protected IDatabase Database => Fixture.Database;

    public virtual Task InitializeAsync() => Fixture.FlushAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
