using MergeBus.Ingest.Components.History;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Saga;
using StackExchange.Redis;

namespace MergeBus.Ingest.Components.Api;

/// <summary>GET /queue: the egress lists' lengths, the sagas per state and the Mixer backlog.</summary>
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
