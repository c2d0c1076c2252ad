using MergeBus.Ingest.Components.History;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Saga;
using StackExchange.Redis;

namespace MergeBus.Ingest.Components.Api;

/// <summary>The in-memory transport (one process) has no queue to count.</summary>
public sealed class UnknownMixerBacklog : IMixerBacklog
{
    public Task<long?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);
}

/// <summary>GET /queue.</summary>
public sealed record QueueReport(long Pending, long Processing, long Dead, IReadOnlyDictionary<string, int> Sagas, long? MixerBacklog);

public sealed class QueueStats(IConnectionMultiplexer redis, ISagaStateQuery<MergeJobState> sagas, IMixerBacklog backlog)
{
    public async Task<QueueReport> ReadAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var pending = await db.ListLengthAsync(EgressQueueKeys.Queue);
        var processing = await db.ListLengthAsync(EgressQueueKeys.Processing);
        var dead = await db.ListLengthAsync(EgressQueueKeys.Dead);
        var perState = new Dictionary<string, int>();
        foreach (var state in JobStates.All.Where(s => s != JobStates.Submitted))
            perState[state] = (await sagas.ListByStateAsync(state, cancellationToken)).Count;
        return new QueueReport(pending, processing, dead, perState, await backlog.CountAsync(cancellationToken));
    }
}
