using MergeBus.Protocol.Jobs;

namespace MergeBus.Redis.Saga;

public static class SagaStateQueryExtensions
{
    /// <summary>The saga of a job, found through the job id's deterministic CorrelationId.</summary>
    public static Task<StoredSaga<TSaga>?> GetByJobIdAsync<TSaga>(this ISagaStateQuery<TSaga> query, string jobId,
        CancellationToken cancellationToken = default)
        where TSaga : class =>
        query.GetAsync(JobCorrelation.FromJobId(jobId), cancellationToken);
}
