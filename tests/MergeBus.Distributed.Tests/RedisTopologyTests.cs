using MergeBus.Distributed.Tests.Support;
using MergeBus.LoopbackServers;
using MergeBus.Redis.Connection;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>The services on a Redis Cluster and on a Sentinel-managed Redis, configured as the egress configures them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisTopologyTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task A_job_queued_on_a_three_master_redis_cluster_runs_end_to_end()
    {
        await using var redisCluster = await RedisClusterServer.StartAsync();
        var yaml = $"""
            redis:
              cluster_addresses: [{string.Join(", ", redisCluster.Addresses.Select(a => $"\"{a}\""))}]
            """;
        var connection = RedisConnectionFactory.Connect(new RedisConnectionOptions { Address = "", ClusterAddresses = redisCluster.Addresses });
        await using var deployment = await cluster.NewDeploymentAsync("redis-cluster", yaml, connection);
        var starting = StartIngestFirstAsync(deployment, "mixer-a");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(400, 5));
        await starting;

        var (id, _) = await deployment.EnqueueAsync(session);
        var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];

        Assert.Equal("completed", status.Status);
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
        Assert.NotNull(await SagaDocuments.ReadAsync(deployment, id));
    }

    [Fact]
    public async Task Queued_jobs_all_complete_when_the_sentinel_fails_the_master_over_mid_run()
    {
        await using var sentinel = await RedisSentinelServer.StartAsync();
        var yaml = $"""
            redis:
              sentinel_master_name: {RedisSentinelServer.MasterName}
              sentinel_addresses: ["{sentinel.SentinelAddresses[0]}"]
            """;
        var connection = RedisConnectionFactory.Connect(new RedisConnectionOptions
            { Address = "", SentinelMasterName = RedisSentinelServer.MasterName, SentinelAddresses = sentinel.SentinelAddresses });
        await using var deployment = await cluster.NewDeploymentAsync("redis-sentinel", yaml, connection);
        // Claims cut short by the crash come back after the visibility timeout.
        deployment.With("MERGEBUS__QUEUE__VISIBILITY_TIMEOUT", "5s");
        var starting = StartIngestFirstAsync(deployment, "mixer-a", "mixer-b");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(500, 8))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 4)));
        await starting;

        var ids = new List<string>();
        foreach (var session in sessions) ids.Add((await deployment.EnqueueAsync(session)).JobId);
        await deployment.WaitForCompletionAsync([ids[0]], Patience);
        await sentinel.CrashMasterAsync();
        output.WriteLine($"master crashed after the first job completed; port {sentinel.Master.Port} is master now");
        var statuses = await deployment.WaitForCompletionAsync(ids, Patience);

        Assert.Equal(ids.Order(), statuses.Keys.Order());
        Assert.All(statuses.Values, s => Assert.Equal("completed", s.Status));
        foreach (var session in sessions)
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
    }

    /// <summary>Ingest alone first: it starts the most (saga, API, queue), and on a busy machine it starts slowest.</summary>
    private static async Task StartIngestFirstAsync(Deployment deployment, params string[] mixers)
    {
        await deployment.StartAsync("Ingest", "ingest");
        await Task.WhenAll(
            deployment.StartAsync("Fetcher", "fetcher"),
            deployment.StartAsync("Publisher", "publisher"),
            Task.WhenAll(mixers.Select(m => deployment.StartAsync("Mixer", m))));
    }
}
