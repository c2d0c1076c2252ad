using System.Text.Json;
using MergeBus.Protocol.Jobs;
using StackExchange.Redis;

namespace MergeBus.Redis.Jobs;

/// <summary>
/// livekit:egress:merge:status:&lt;id&gt; exactly as the old worker wrote it (spec §1), minus the master key.
/// </summary>
public sealed class RedisJobStatusStore(IConnectionMultiplexer redis) : IJobStatusStore
{
    public const string KeyPrefix = "livekit:egress:merge:status:";

    /// <summary>The spec's <c>SET ... EX 86400</c>.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(86400);

    public static string KeyOf(string jobId) => KeyPrefix + jobId;

    public async Task<MergeJob?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var value = await redis.GetDatabase().StringGetAsync(KeyOf(jobId)).WaitAsync(cancellationToken);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<MergeJob>((string)value!);
    }

    public Task SetAsync(MergeJob job, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(job.WithoutSecrets());
        return redis.GetDatabase().StringSetAsync(KeyOf(job.Id), json, TimeToLive).WaitAsync(cancellationToken);
    }
}
