using MergeBus.LoopbackServers;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Jobs;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Saga;
using MergeBus.Redis.Tests.Saga;
using StackExchange.Redis;

namespace MergeBus.Redis.Tests.Topologies;

public sealed class AclTests
{
    private const string Password = AclRule.Password;

    private static readonly string[] UserRule = AclRule.Standalone;

    [Fact]
    public async Task An_acl_user_with_only_the_commands_we_need_runs_the_queue_saga_status_and_key_vault()
    {
        await using var server = await RedisServer.StartAsync(extraArguments: ["--user", .. UserRule]);
        var options = new RedisConnectionOptions { Address = server.Address, Username = "mergebus", Password = Password };
        using var redis = RedisConnectionFactory.Connect(options);
        using var blocking = RedisConnectionFactory.ConnectForBlocking(options);
        var queue = new EgressQueue(redis, blocking: blocking);
        var database = redis.GetDatabase();

        var waiting = queue.ClaimAsync(TimeSpan.FromSeconds(5));
        await database.ListRightPushAsync(EgressQueueKeys.Queue, ["one", "two", "three", "four"]);
        var one = await waiting;
        Assert.True(await queue.AckAsync(one!));
        Assert.True(await queue.DeadLetterAsync((await queue.ClaimAsync(TimeSpan.Zero))!, "bad"));
        Assert.True(await queue.ReleaseAsync((await queue.ClaimAsync(TimeSpan.Zero))!));
        await queue.ClaimAsync(TimeSpan.Zero);
        await Task.Delay(20);
        Assert.Equal(1, await queue.RequeueExpiredAsync(TimeSpan.FromMilliseconds(1)));

        var statuses = new RedisJobStatusStore(redis);
        await statuses.SetAsync(new MergeBus.Protocol.Jobs.MergeJob { Id = "job-1", ManifestPath = "m" });
        Assert.NotNull(await statuses.GetAsync("job-1"));
        var vault = new RedisJobKeyVault(redis);
        await vault.StoreAsync("job-1", new byte[32], TimeSpan.FromMinutes(1));
        Assert.NotNull(await vault.GetAsync("job-1"));
        await vault.RemoveAsync("job-1");

        var store = new RedisSagaStore<TestSaga>(redis, new RedisSagaRepositoryOptions<TestSaga>());
        var saga = new TestSaga { CorrelationId = Guid.NewGuid(), CurrentState = "Fetching" };
        Assert.True(await store.InsertAsync(saga));
        var loaded = (await store.LoadActiveAsync(saga.CorrelationId))!;
        loaded.CurrentState = "Mixing";
        await store.UpdateAsync(loaded, completed: false);
        Assert.Single(await new RedisSagaQueries<TestSaga>(store).ListByStateAsync("Mixing"));
        await database.PingAsync();

        // Nothing above was denied: the ACL log (read as the default user) is empty.
        var log = await server.CommandAsync("ACL LOG");
        Assert.True(log == "*0", log?.Replace("\r\n", " "));
    }

    [Fact]
    public async Task The_acl_user_cannot_run_commands_mergebus_does_not_need()
    {
        await using var server = await RedisServer.StartAsync(extraArguments: ["--user", .. UserRule]);
        using var redis = RedisConnectionFactory.Connect(
            new RedisConnectionOptions { Address = server.Address, Username = "mergebus", Password = Password });

        var thrown = await Assert.ThrowsAsync<RedisServerException>(() => redis.GetDatabase().ListRangeAsync(EgressQueueKeys.Queue));
        var otherKey = await Assert.ThrowsAsync<RedisServerException>(() => redis.GetDatabase().StringGetAsync("someone-else:key"));

        Assert.StartsWith("NOPERM", thrown.Message);
        Assert.StartsWith("NOPERM", otherKey.Message);
    }
}
