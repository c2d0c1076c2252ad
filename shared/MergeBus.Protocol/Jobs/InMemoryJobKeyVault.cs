using System.Collections.Concurrent;

namespace MergeBus.Protocol.Jobs;

/// <summary>Job keys for a single process. Falls back to the worker's configured key.</summary>
public sealed class InMemoryJobKeyVault(byte[]? workerMasterKey = null) : IJobKeyVault
{
    private readonly ConcurrentDictionary<string, byte[]> keys = new();

    public Task StoreAsync(string jobId, byte[] masterKey, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        keys[jobId] = masterKey.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(keys.TryGetValue(jobId, out var key) ? key : workerMasterKey);

    public Task RemoveAsync(string jobId, CancellationToken cancellationToken = default)
    {
        keys.TryRemove(jobId, out _);
        return Task.CompletedTask;
    }
}
