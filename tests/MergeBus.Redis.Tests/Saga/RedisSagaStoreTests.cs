using MassTransit;
using MergeBus.Redis.Saga;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Saga;

public sealed class RedisSagaStoreTests(RedisFixture fixture) : RedisTest(fixture)
{
    private RedisSagaStore<TestSaga> NewStore(TimeSpan? retention = null) =>
        new(Redis, new RedisSagaRepositoryOptions<TestSaga> { Retention = retention ?? TimeSpan.FromHours(1) });

    private static TestSaga NewSaga(string state = "Running") =>
        new() { CorrelationId = Guid.NewGuid(), CurrentState = state, Notes = ["first"], CreatedAt = DateTimeOffset.UnixEpoch.AddDays(1) };

    [Fact]
    public async Task An_inserted_saga_loads_back_with_its_id_state_and_data()
    {
        var store = NewStore();
        var saga = NewSaga();

        Assert.True(await store.InsertAsync(saga));
        var loaded = await store.LoadActiveAsync(saga.CorrelationId);

        Assert.NotNull(loaded);
        Assert.Equal(saga.CorrelationId, loaded.CorrelationId);
        Assert.Equal("Running", loaded.CurrentState);
        Assert.Equal(["first"], loaded.Notes);
        Assert.Equal(saga.CreatedAt, loaded.CreatedAt);
    }

    [Fact]
    public async Task Loading_an_unknown_saga_gives_null()
    {
        Assert.Null(await NewStore().LoadActiveAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Inserting_the_same_correlation_id_twice_keeps_the_first_instance()
    {
        var store = NewStore();
        var first = NewSaga();
        var second = new TestSaga { CorrelationId = first.CorrelationId, CurrentState = "Other", Notes = ["second"] };

        await store.InsertAsync(first);
        var inserted = await store.InsertAsync(second);

        Assert.False(inserted);
        var loaded = await store.LoadActiveAsync(first.CorrelationId);
        Assert.Equal(["first"], loaded!.Notes);
    }

    [Fact]
    public async Task An_update_writes_the_changes_and_increments_the_version()
    {
        var store = NewStore();
        var saga = NewSaga();
        await store.InsertAsync(saga);

        var loaded = (await store.LoadActiveAsync(saga.CorrelationId))!;
        loaded.Notes.Add("second");
        await store.UpdateAsync(loaded, completed: false);

        var reloaded = (await store.LoadActiveAsync(saga.CorrelationId))!;
        Assert.Equal(["first", "second"], reloaded.Notes);
        Assert.Equal(saga.Version + 1, reloaded.Version);
    }

    [Fact]
    public async Task An_update_from_a_stale_copy_throws_MassTransits_own_ConcurrencyException()
    {
        var store = NewStore();
        var saga = NewSaga();
        await store.InsertAsync(saga);
        var copyA = (await store.LoadActiveAsync(saga.CorrelationId))!;
        var copyB = (await store.LoadActiveAsync(saga.CorrelationId))!;

        await store.UpdateAsync(copyA, completed: false);
        var thrown = await Assert.ThrowsAsync<ConcurrencyException>(() => store.UpdateAsync(copyB, completed: false));

        Assert.Equal(typeof(ConcurrencyException), thrown.GetType());
        Assert.Equal(saga.CorrelationId, thrown.CorrelationId);
    }

    [Fact]
    public async Task A_rejected_update_leaves_the_stored_saga_untouched()
    {
        var store = NewStore();
        var saga = NewSaga();
        await store.InsertAsync(saga);
        var copyA = (await store.LoadActiveAsync(saga.CorrelationId))!;
        var copyB = (await store.LoadActiveAsync(saga.CorrelationId))!;
        copyA.Notes.Add("winner");
        copyB.Notes.Add("loser");

        await store.UpdateAsync(copyA, completed: false);
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.UpdateAsync(copyB, completed: false));

        Assert.Equal(["first", "winner"], (await store.LoadActiveAsync(saga.CorrelationId))!.Notes);
    }

    [Fact]
    public async Task Updating_a_saga_that_does_not_exist_is_a_concurrency_conflict()
    {
        await Assert.ThrowsAsync<ConcurrencyException>(() => NewStore().UpdateAsync(NewSaga(), completed: false));
    }

    [Fact]
    public async Task A_running_saga_has_no_expiry()
    {
        var store = NewStore();
        var saga = NewSaga();
        await store.InsertAsync(saga);

        Assert.Null((await store.ReadAsync(saga.CorrelationId))!.TimeToLive);
    }

    [Fact]
    public async Task A_saga_reaching_a_final_state_expires_after_the_retention()
    {
        var store = NewStore(retention: TimeSpan.FromHours(1));
        var saga = NewSaga();
        await store.InsertAsync(saga);

        saga.CurrentState = "Final";
        await store.UpdateAsync(saga, completed: false);

        var ttl = (await store.ReadAsync(saga.CorrelationId))!.TimeToLive;
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_saga_MassTransit_removes_is_kept_expiring_but_no_longer_loads_for_messages()
    {
        var store = NewStore(retention: TimeSpan.FromHours(1));
        var saga = NewSaga();
        await store.InsertAsync(saga);

        saga.CurrentState = "Final";
        await store.UpdateAsync(saga, completed: true);

        var stored = await store.ReadAsync(saga.CorrelationId);
        Assert.NotNull(stored);
        Assert.True(stored.IsCompleted);
        Assert.InRange(stored.TimeToLive!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Null(await store.LoadActiveAsync(saga.CorrelationId));
    }

    [Fact]
    public async Task A_new_saga_may_take_the_id_of_a_removed_one()
    {
        var store = NewStore();
        var saga = NewSaga();
        await store.InsertAsync(saga);
        saga.CurrentState = "Final";
        await store.UpdateAsync(saga, completed: true);

        var inserted = await store.InsertAsync(new TestSaga { CorrelationId = saga.CorrelationId, CurrentState = "Running" });

        Assert.True(inserted);
        Assert.Equal("Running", (await store.LoadActiveAsync(saga.CorrelationId))!.CurrentState);
    }
}
