using MergeBus.Protocol.Jobs;
using StackExchange.Redis;

namespace MergeBus.Redis.Jobs;

/// <summary>
/// Keeps a job's master key in <c>mergebus:jobkey:&lt;id&gt;</c> (base64, with a TTL) while the job runs.
/// </summary>
/// <remarks>
/// Redis access is key access here, just as it already is for the egress queue whose entries carry the key:
/// protect the Redis instance (password, TLS, network) accordingly. The point of the vault is to keep the key
/// out of saga state, bus messages, status keys and logs, which are copied and read far more widely.
/// </remarks>
public sealed class RedisJobKeyVault : IJobKeyVault
{
    public const string KeyPrefix = "mergebus:jobkey:";

    private readonly IConnectionMultiplexer _redis;
    private readonly byte[]? _workerMasterKey;

    /// <param name="redis">The connection.</param>
    /// <param name="workerMasterKey">
    /// The worker's configured <c>audio_recording_encryption.master_key</c>, used for jobs that carry none.
    /// </param>
    public RedisJobKeyVault(IConnectionMultiplexer redis, byte[]? workerMasterKey = null)
    {
        _redis = redis;
        _workerMasterKey = workerMasterKey is null ? null : (byte[])workerMasterKey.Clone();
    }

    public static string KeyOf(string jobId) => KeyPrefix + jobId;

    public Task StoreAsync(string jobId, byte[] masterKey, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (timeToLive <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeToLive), "A job key must expire.");
        return _redis.GetDatabase().StringSetAsync(KeyOf(jobId), Convert.ToBase64String(masterKey), timeToLive)
            .WaitAsync(cancellationToken);
    }

    public async Task<byte[]?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var value = await _redis.GetDatabase().StringGetAsync(KeyOf(jobId)).WaitAsync(cancellationToken);
        if (!value.IsNullOrEmpty)
            return Convert.FromBase64String((string)value!);
        return _workerMasterKey is null ? null : (byte[])_workerMasterKey.Clone();
    }

    public Task RemoveAsync(string jobId, CancellationToken cancellationToken = default) =>
        _redis.GetDatabase().KeyDeleteAsync(KeyOf(jobId)).WaitAsync(cancellationToken);
}
