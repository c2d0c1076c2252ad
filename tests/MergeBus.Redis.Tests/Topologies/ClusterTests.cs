using MergeBus.Redis.Queue;
using MergeBus.Redis.Saga;
using MergeBus.Redis.Tests.Saga;
using StackExchange.Redis;

namespace MergeBus.Redis.Tests.Topologies;

public sealed class ClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private IDatabase Database => fixture.Admin.GetDatabase();

    public Task InitializeAsync() => fixture.FlushAsync();

    /// <summary>Whatever a test ran, the ACL user was never refused anything.</summary>
    public async Task DisposeAsync() => Assert.All(await fixture.AclLogsAsync(), log => Assert.True(log == "*0", log?.Replace("\r\n", " ")));

    [Fact]
    public void Every_key_a_queue_script_touches_hashes_to_the_queue_slot()
    {
        var slot = fixture.Redis.HashSlot(EgressQueueKeys.Queue);

        Assert.All(
            new[] { EgressQueueKeys.Processing, EgressQueueKeys.Claims, EgressQueueKeys.ClaimEntries, EgressQueueKeys.ClaimSequence, EgressQueueKeys.Dead },
            key => Assert.Equal(slot, fixture.Redis.HashSlot(key)));
    }

    [Fact]
    public async Task Queue_claims_ack_dead_letter_and_requeue_work_on_a_three_master_cluster()
    {
        var queue = new EgressQueue(fixture.Redis, blocking: fixture.Blocking);
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, ["a", "b", "c"]);

        var a = await queue.ClaimAsync(TimeSpan.FromSeconds(2));
        var b = await queue.ClaimAsync(TimeSpan.FromSeconds(2));
        var c = await queue.ClaimAsync(TimeSpan.FromSeconds(2));
        Assert.True(await queue.AckAsync(a!));
        Assert.True(await queue.DeadLetterAsync(b!, "bad entry"));
        await Task.Delay(50);
        Assert.Equal(1, await queue.RequeueExpiredAsync(TimeSpan.FromMilliseconds(1)));

        Assert.Equal(["a", "b", "c"], new[] { a!.Entry, b!.Entry, c!.Entry });
        Assert.Equal(["c"], (await Database.ListRangeAsync(EgressQueueKeys.Queue)).Select(v => (string)v!));
        Assert.Single(await Database.ListRangeAsync(EgressQueueKeys.Dead));
        Assert.Equal(0, await Database.ListLengthAsync(EgressQueueKeys.Processing));
    }

    [Fact]
    public async Task A_blocked_claimer_on_the_cluster_wakes_for_an_entry_pushed_later()
    {
        var queue = new EgressQueue(fixture.Redis, blocking: fixture.Blocking);

        var claiming = queue.ClaimAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, "late");

        Assert.Equal("late", (await claiming)?.Entry);
    }

    [Fact]
    public async Task Saga_writes_keep_the_document_and_its_state_index_together_on_the_cluster()
    {
        var store = new RedisSagaStore<TestSaga>(fixture.Redis, new RedisSagaRepositoryOptions<TestSaga>());
        var queries = new RedisSagaQueries<TestSaga>(store);
        var saga = new TestSaga { CorrelationId = Guid.NewGuid(), CurrentState = "Fetching" };

        Assert.True(await store.InsertAsync(saga));
        var loaded = (await store.LoadActiveAsync(saga.CorrelationId))!;
        loaded.CurrentState = "Mixing";
        await store.UpdateAsync(loaded, completed: false);

        Assert.Empty(await queries.ListByStateAsync("Fetching"));
        Assert.Equal([saga.CorrelationId], (await queries.ListByStateAsync("Mixing")).Select(s => s.Instance.CorrelationId));
        Assert.Equal(saga.Version + 1, (await store.LoadActiveAsync(saga.CorrelationId))!.Version);
    }
}
