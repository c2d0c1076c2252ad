using MergeBus.LoopbackServers;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Jobs;
using MergeBus.Redis.Queue;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace MergeBus.Redis.Tests.Topologies;

public sealed class SentinelFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Queued_jobs_all_complete_when_the_master_fails_over_mid_run_and_none_is_lost()
    {
        await using var servers = await RedisSentinelServer.StartAsync();
        var options = new RedisConnectionOptions
            { Address = "", SentinelMasterName = RedisSentinelServer.MasterName, SentinelAddresses = servers.SentinelAddresses };
        using var redis = RedisConnectionFactory.Connect(options);
        using var blocking = RedisConnectionFactory.ConnectForBlocking(options);
        var queue = new EgressQueue(redis, new EgressQueueOptions { VisibilityTimeout = TimeSpan.FromSeconds(3) }, blocking);
        var statuses = new RedisJobStatusStore(redis);
        var jobs = Enumerable.Range(0, 30).Select(i => $"job-{i:D2}").ToList();
        await redis.GetDatabase().ListRightPushAsync(EgressQueueKeys.Queue, [.. jobs.Select(j => (RedisValue)j)]);

        // A worker as Ingest runs one: claim, record, ack; a failed step leaves the claim to the visibility timeout.
        var done = new HashSet<string>();
        var failures = 0;
        var crashed = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (done.Count < jobs.Count && DateTime.UtcNow < deadline)
        {
            if (!crashed && done.Count == 10)
            {
                await servers.CrashMasterAsync();
                crashed = true;
                output.WriteLine($"master crashed after {done.Count} jobs; the replica on port {servers.Master.Port} is master now");
            }
            try
            {
                await queue.RequeueExpiredAsync();
                var claim = await queue.ClaimAsync(TimeSpan.FromSeconds(1));
                if (claim is null) continue;
                await statuses.SetAsync(new MergeBus.Protocol.Jobs.MergeJob { Id = claim.Entry, ManifestPath = "m", Status = "completed" });
                await queue.AckAsync(claim);
                done.Add(claim.Entry);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                failures++;
                await Task.Delay(200);
            }
        }

        output.WriteLine($"{done.Count} of {jobs.Count} jobs done; {failures} Redis errors during the failover");
        Assert.True(crashed);
        Assert.Equal(jobs, done.Order());
        foreach (var job in jobs)
            Assert.Equal("completed", (await statuses.GetAsync(job))?.Status);
        Assert.Equal(0, await redis.GetDatabase().ListLengthAsync(EgressQueueKeys.Queue));
        Assert.Equal(0, await redis.GetDatabase().ListLengthAsync(EgressQueueKeys.Processing));
    }
}
