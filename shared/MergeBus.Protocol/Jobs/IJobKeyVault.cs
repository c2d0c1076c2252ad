namespace MergeBus.Protocol.Jobs;

/// <summary>
/// Holds a job's own master key while the job runs, so that it never travels in saga state or messages.
/// </summary>
public interface IJobKeyVault
{
    Task StoreAsync(string jobId, byte[] masterKey, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>The job's key, or the worker's configured key, or null when neither exists.</summary>
    Task<byte[]?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    Task RemoveAsync(string jobId, CancellationToken cancellationToken = default);
}
