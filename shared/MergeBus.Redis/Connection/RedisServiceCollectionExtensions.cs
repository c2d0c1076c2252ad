using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Jobs;
using MergeBus.Redis.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace MergeBus.Redis.Connection;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Redis connection (from the egress <c>redis:</c> settings), the status store, the key vault
    /// and the egress queue. The connection opens on first use and reconnects by itself.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="options">The egress <c>redis:</c> section.</param>
    /// <param name="workerMasterKey">The worker's <c>audio_recording_encryption.master_key</c>, if any.</param>
    /// <param name="queueOptions">Visibility timeout of the egress queue.</param>
    public static IServiceCollection AddMergeBusRedis(this IServiceCollection services, RedisConnectionOptions options,
        byte[]? workerMasterKey = null, EgressQueueOptions? queueOptions = null)
    {
        // Validate now, so a contradictory setting fails at startup rather than at the first job.
        RedisConnectionFactory.ToConfiguration(options);

        services.TryAddSingleton<IConnectionMultiplexer>(_ => RedisConnectionFactory.Connect(options));
        services.TryAddSingleton<IJobStatusStore, RedisJobStatusStore>();
        services.TryAddSingleton<IJobKeyVault>(provider =>
            new RedisJobKeyVault(provider.GetRequiredService<IConnectionMultiplexer>(), workerMasterKey));
        services.TryAddSingleton(_ => new ClaimConnection(RedisConnectionFactory.ConnectForBlocking(options)));
        services.TryAddSingleton(provider => new EgressQueue(provider.GetRequiredService<IConnectionMultiplexer>(), queueOptions,
            provider.GetRequiredService<ClaimConnection>().Connection));
        return services;
    }
}
