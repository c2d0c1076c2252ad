using MergeBus.LoopbackServers;
using MergeBus.Redis.Saga;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Saga;

public sealed class SagaPersistenceTests
{
    [Fact]
    public async Task A_saga_survives_a_Redis_restart_when_AOF_is_on()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        var saga = new TestSaga { CorrelationId = Guid.NewGuid(), CurrentState = "Running", Notes = ["kept"] };
        using (var before = await RedisFixture.ConnectAsync(server))
            await new RedisSagaStore<TestSaga>(before, new RedisSagaRepositoryOptions<TestSaga>()).InsertAsync(saga);

        await server.RestartAsync();

        using var after = await RedisFixture.ConnectAsync(server);
        var queries = new RedisSagaQueries<TestSaga>(new RedisSagaStore<TestSaga>(after, new RedisSagaRepositoryOptions<TestSaga>()));
        var loaded = await queries.GetAsync(saga.CorrelationId);
        Assert.Equal(["kept"], loaded?.Instance.Notes);
        Assert.Equal(saga.CorrelationId, Assert.Single(await queries.ListByStateAsync("Running")).Instance.CorrelationId);
    }
}
