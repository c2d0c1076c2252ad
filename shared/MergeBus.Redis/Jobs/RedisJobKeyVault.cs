using MergeBus.Protocol;
using MergeBus.Protocol.Jobs;
using StackExchange.Redis;

namespace MergeBus.Redis.Jobs;

/// <summary>
/// Keeps a job's master key in <c>mergebus:jobkey:&lt;id&gt;</c> (base64, with a TTL) while the job runs.
/// The first key stored for an id stays until the job releases it or it expires: a resubmission of the same id
/// with another key is refused, because the saga keeps running (or retries) the first job, whose inputs and
/// result only the first key opens.
/// </summary>
/// <remarks>
/// Redis access is key access here, just as it already is for the egress queue whose entries carry the key:
/// protect the Redis instance (password, TLS, network) accordingly. The point of the vault is to keep the key
/// out of saga state, bus messages, status keys and logs, which are copied and read far more widely.
/// </remarks>
public sealed class RedisJobKeyVault : IJobKeyVault
{
    public const string KeyPrefix = "mergebus:jobkey:";

    // KEYS: the job key. ARGV: base64 key, TTL in ms. Returns 1 when stored or already this key, 0 for another key.
    private const string StoreFirstScript = """
        local held = redis.call('GET', KEYS[1])
        if not held then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
        end
        if held == ARGV[1] then return 1 end
        return 0
        """;

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

    /// <exception cref="PermanentMergeException">The id already holds a different key.</exception>
    public async Task StoreAsync(string jobId, byte[] masterKey, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (timeToLive <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeToLive), "A job key must expire.");
        var stored = await _redis.GetDatabase().ScriptEvaluateAsync(StoreFirstScript, [KeyOf(jobId)],
            [Convert.ToBase64String(masterKey), (long)timeToLive.TotalMilliseconds]).WaitAsync(cancellationToken);
        if ((int)stored != 1)
            throw new PermanentMergeException(
                $"job {jobId} already has a different master key while it runs or waits for a retry; a resubmission never replaces it (use a new job id)");
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
