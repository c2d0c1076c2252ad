using System.Collections.Concurrent;

namespace MergeBus.Protocol.Jobs;

/// <summary>Status records for a single process (the `merge` command); Redis holds them when distributed.</summary>
public sealed class InMemoryJobStatusStore : IJobStatusStore
{
    private readonly ConcurrentDictionary<string, MergeJob> jobs = new();

    public Task<MergeJob?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(jobs.TryGetValue(jobId, out var job) ? job : null);

    public Task SetAsync(MergeJob job, CancellationToken cancellationToken = default)
    {
        jobs[job.Id] = job.WithoutSecrets();
        return Task.CompletedTask;
    }
}
