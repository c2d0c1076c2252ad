using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.History;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Saga;

namespace MergeBus.Ingest.Components.Api;

/// <summary>Asks the saga to run a dead-lettered job again (from the step that failed, as the saga decides).</summary>
public sealed class JobRetrier(ISagaStateQuery<MergeJobState> sagas, IPublishEndpoint publisher)
{
    public async Task<RetryOutcome> RetryAsync(string id, CancellationToken cancellationToken)
    {
        var saga = await sagas.GetByJobIdAsync(id, cancellationToken);
        if (saga is null) return RetryOutcome.NotFound;
        if (saga.Instance.CurrentState != JobStates.DeadLettered) return RetryOutcome.NotDeadLettered;
        await publisher.Publish(new RetryMergeJob { JobId = id }, cancellationToken);
        return RetryOutcome.Accepted;
    }
}
