namespace MergeBus.Redis.Saga;

/// <summary>Read-only views of stored sagas for operators and the CLI, including finished ones still retained.</summary>
public interface ISagaStateQuery<TSaga>
    where TSaga : class
{
    Task<StoredSaga<TSaga>?> GetAsync(Guid correlationId, CancellationToken cancellationToken = default);

    /// <summary>Every stored saga of the type, finished ones included until they expire.</summary>
    Task<IReadOnlyList<StoredSaga<TSaga>>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Sagas currently in <paramref name="state"/>, finished ones included until they expire.</summary>
    Task<IReadOnlyList<StoredSaga<TSaga>>> ListByStateAsync(string state, CancellationToken cancellationToken = default);
}
