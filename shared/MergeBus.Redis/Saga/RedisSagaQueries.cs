using MassTransit;

namespace MergeBus.Redis.Saga;

public sealed class RedisSagaQueries<TSaga>(RedisSagaStore<TSaga> store) : ISagaStateQuery<TSaga>
    where TSaga : class, ISagaVersion
{
    public Task<StoredSaga<TSaga>?> GetAsync(Guid correlationId, CancellationToken cancellationToken = default) =>
        store.ReadAsync(correlationId).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<StoredSaga<TSaga>>> ListAllAsync(CancellationToken cancellationToken = default) =>
        store.ReadIndexAsync(store.Keys.All, expectedState: null).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<StoredSaga<TSaga>>> ListByStateAsync(string state, CancellationToken cancellationToken = default) =>
        store.ReadIndexAsync(store.Keys.State(state), state).WaitAsync(cancellationToken);
}
