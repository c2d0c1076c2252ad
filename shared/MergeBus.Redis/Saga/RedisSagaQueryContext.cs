using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace MergeBus.Redis.Saga;

/// <summary>Loads and queries sagas outside message delivery (ILoadSagaRepository / IQuerySagaRepository).</summary>
public sealed class RedisSagaQueryContext<TSaga>(RedisSagaStore<TSaga> store, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>, QuerySagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task<TSaga> Load(Guid correlationId) => (await store.LoadActiveAsync(correlationId))!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken = default)
    {
        var matches = await store.FindActiveAsync(query.GetFilter());
        return new LoadedSagaRepositoryQueryContext<TSaga>(this, matches);
    }
}
