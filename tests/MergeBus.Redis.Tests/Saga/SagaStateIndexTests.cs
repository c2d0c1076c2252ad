using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Saga;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Saga;

public sealed class SagaStateIndexTests(RedisFixture fixture) : RedisTest(fixture)
{
    private const string Prefix = "test:saga";

    private RedisSagaStore<TestSaga> NewStore(TimeSpan? retention = null) =>
        new(Redis, new RedisSagaRepositoryOptions<TestSaga> { KeyPrefix = Prefix, Retention = retention ?? TimeSpan.FromHours(1) });

    private static async Task<TestSaga> InsertAsync(RedisSagaStore<TestSaga> store, string state, Guid? id = null)
    {
        var saga = new TestSaga { CorrelationId = id ?? Guid.NewGuid(), CurrentState = state };
        await store.InsertAsync(saga);
        return saga;
    }

    [Fact]
    public async Task Listing_by_state_returns_exactly_the_sagas_in_that_state()
    {
        var store = NewStore();
        var queries = new RedisSagaQueries<TestSaga>(store);
        var runningA = await InsertAsync(store, "Running");
        var runningB = await InsertAsync(store, "Running");
        await InsertAsync(store, "Mixing");

        var running = await queries.ListByStateAsync("Running");

        Assert.Equal(
            new[] { runningA.CorrelationId, runningB.CorrelationId }.Order(),
            running.Select(s => s.Instance.CorrelationId).Order());
    }

    [Fact]
    public async Task The_state_index_follows_a_state_change()
    {
        var store = NewStore();
        var saga = await InsertAsync(store, "Running");

        saga.CurrentState = "Mixing";
        await store.UpdateAsync(saga, completed: false);

        Assert.False(await Database.SetContainsAsync($"{{{Prefix}}}:state:Running", saga.CorrelationId.ToString("D")));
        Assert.True(await Database.SetContainsAsync($"{{{Prefix}}}:state:Mixing", saga.CorrelationId.ToString("D")));
    }

    [Fact]
    public async Task An_expired_saga_leaves_its_state_index_when_the_state_is_listed()
    {
        var store = NewStore(retention: TimeSpan.FromMilliseconds(100));
        var queries = new RedisSagaQueries<TestSaga>(store);
        var saga = await InsertAsync(store, "Running");
        saga.CurrentState = "Final";
        await store.UpdateAsync(saga, completed: true);
        await Task.Delay(300);

        var finals = await queries.ListByStateAsync("Final");

        Assert.Empty(finals);
        Assert.False(await Database.SetContainsAsync($"{{{Prefix}}}:state:Final", saga.CorrelationId.ToString("D")));
    }

    [Fact]
    public async Task A_finished_saga_is_listed_under_its_final_state_while_retained()
    {
        var store = NewStore();
        var queries = new RedisSagaQueries<TestSaga>(store);
        var saga = await InsertAsync(store, "Running");
        saga.CurrentState = "Final";
        await store.UpdateAsync(saga, completed: true);

        var finals = await queries.ListByStateAsync("Final");

        Assert.Equal(saga.CorrelationId, Assert.Single(finals).Instance.CorrelationId);
    }

    [Fact]
    public async Task Listing_all_sagas_forgets_the_ones_that_expired()
    {
        var store = NewStore(retention: TimeSpan.FromMilliseconds(100));
        var queries = new RedisSagaQueries<TestSaga>(store);
        var running = await InsertAsync(store, "Running");
        var finished = await InsertAsync(store, "Running");
        finished.CurrentState = "Final";
        await store.UpdateAsync(finished, completed: false);
        await Task.Delay(300);

        var all = await queries.ListAllAsync();

        Assert.Equal(running.CorrelationId, Assert.Single(all).Instance.CorrelationId);
        Assert.Equal(1, await Database.SetLengthAsync($"{{{Prefix}}}:all"));
    }

    [Fact]
    public async Task A_saga_is_found_by_its_job_id()
    {
        var store = NewStore();
        var queries = new RedisSagaQueries<TestSaga>(store);
        await InsertAsync(store, "Running", JobCorrelation.FromJobId("SESSION_20260213T032745.123"));

        var found = await queries.GetByJobIdAsync("SESSION_20260213T032745.123");

        Assert.Equal("Running", found?.Instance.CurrentState);
    }
}
