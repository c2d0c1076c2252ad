using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace MergeBus.Redis.Saga;

/// <summary>
/// What MassTransit's saga pipeline calls while one message is delivered: load, add, insert, update, delete.
/// </summary>
public sealed class RedisSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private readonly RedisSagaStore<TSaga> _store;
    private readonly ConsumeContext<TMessage> _context;
    private readonly ISagaConsumeContextFactory<RedisSagaStore<TSaga>, TSaga> _factory;

    public RedisSagaRepositoryContext(RedisSagaStore<TSaga> store, ConsumeContext<TMessage> context,
        ISagaConsumeContextFactory<RedisSagaStore<TSaga>, TSaga> factory)
        : base(context)
    {
        _store = store;
        _context = context;
        _factory = factory;
    }

    /// <summary>A new instance, written by <see cref="Save"/> once the state machine has run.</summary>
    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_store, _context, instance, SagaConsumeContextMode.Add);

    /// <summary>Written before the state machine runs; null when the instance already exists (then it is loaded).</summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        if (!await _store.InsertAsync(instance))
            return null!; // MassTransit's contract: default means "exists, load it instead".
        return await _factory.CreateSagaConsumeContext(_store, _context, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await _store.LoadActiveAsync(correlationId);
        return instance is null
            ? null!
            : await _factory.CreateSagaConsumeContext(_store, _context, instance, SagaConsumeContextMode.Load);
    }

    /// <summary>
    /// Saves an added instance. If another message created the same saga meanwhile, this one is retried and then
    /// finds that instance.
    /// </summary>
    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        if (!await _store.InsertAsync(context.Saga))
            throw new ConcurrencyException(
                $"Saga {typeof(TSaga).Name} {context.Saga.CorrelationId} was created concurrently.",
                typeof(TSaga), context.Saga.CorrelationId);
    }

    public Task Update(SagaConsumeContext<TSaga> context) => _store.UpdateAsync(context.Saga, completed: false);

    /// <summary>Kept, expiring after the retention, instead of deleted, so operators can still see how it ended.</summary>
    public Task Delete(SagaConsumeContext<TSaga> context) => _store.UpdateAsync(context.Saga, completed: true);

    /// <summary>An added instance that completed at once was never written, so there is nothing to undo.</summary>
    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance,
        SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_store, consumeContext, instance, mode);
}
