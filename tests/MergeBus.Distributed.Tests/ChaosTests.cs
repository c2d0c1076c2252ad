using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Queue;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// Everything at once on one deployment: 22 jobs (two encrypted, keys only in their entries) on two Mixers, Mixers
/// killed mid-mix, Ingests killed at each crash point, Redis killed with -9 and restarted, a duplicate entry and
/// poison entries. Every valid job completes once with a faithful mix, and no decrypted input stays on disk.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChaosTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    // Its mixer kills wait for a job in Mixing; with the in-process Opus Mixer a 3 s mix ends before the test sees it. Longer sessions next.
    [Fact(Skip = "waits for a Mixing state that in-process mixes of 3 s sessions pass too fast to catch; issue 7 stays open for it")]
    public async Task Twenty_two_jobs_survive_killed_mixers_killed_ingests_a_killed_redis_duplicates_and_poison()
    {
        await using var deployment = await cluster.NewDeploymentAsync("chaos");
        deployment.With("MERGEBUS__QUEUE__VISIBILITY_TIMEOUT", "2s").With("MERGEBUS__STALL_TIMEOUT", "45s");
        var masterKey = RandomNumberGenerator.GetBytes(32);
        var sessions = new List<UploadedSession>();
        for (var i = 0; i < 22; i++)
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(700 + i, 3), i < 2 ? masterKey : null));
        await Task.WhenAll(
            deployment.StartAsync("Fetcher", "fetcher"),
            deployment.StartAsync("Publisher", "publisher"),
            deployment.StartAsync("Mixer", "mixer-a"),
            deployment.StartAsync("Mixer", "mixer-b"));
        var ids = new string[sessions.Count];
        async Task Enqueue(int from, int count)
        {
            for (var i = from; i < from + count; i++)
                ids[i] = (await deployment.EnqueueAsync(sessions[i], i < 2 ? Convert.ToBase64String(masterKey) : null)).JobId;
        }

        // Ingest dies right after a claim, then right after a saga save, then right after a hand-off.
        await RunDoomedIngestAsync(deployment, "after-claim:3", () => Enqueue(0, 8));
        await deployment.Redis.ListRightPushAsync(EgressQueueKeys.Queue, "{poison");
        await deployment.Redis.ListRightPushAsync(EgressQueueKeys.Queue, """{"id":"poison-no-manifest"}""");
        var duplicate = await deployment.Redis.ListGetByIndexAsync(EgressQueueKeys.Queue, 0);
        if (!duplicate.IsNullOrEmpty) await deployment.Redis.ListRightPushAsync(EgressQueueKeys.Queue, duplicate);
        await RunDoomedIngestAsync(deployment, "after-saga-save:7", () => Enqueue(8, 6));
        await RunDoomedIngestAsync(deployment, "after-hand-off:2", () => Enqueue(14, 4));
        var ingest = await deployment.StartAsync("Ingest", "ingest");

        // A Mixer killed mid-mix, restarted on the same work folder; Redis killed and restarted from its AOF.
        await WaitForAnyAsync(deployment, "Mixing");
        await Task.Delay(300);
        deployment.Services.Single(s => s.Name == "mixer-a").KillHard();
        output.WriteLine("mixer-a killed");
        await Enqueue(18, 4);
        await cluster.Redis.KillAndRestartAsync();
        output.WriteLine("redis killed and restarted");
        await deployment.StartAsync("Mixer", "mixer-a");
        await WaitForAnyAsync(deployment, "Mixing");
        deployment.Services.Single(s => s.Name == "mixer-b").KillHard();
        output.WriteLine("mixer-b killed");

        await Task.Delay(2000);
        await deployment.StartAsync("Mixer", "mixer-b-2");

        var statuses = await deployment.WaitForCompletionAsync(ids, Patience);

        Assert.All(statuses.Values, s => Assert.Equal(JobStatuses.Completed, s.Status));
        for (var i = 0; i < sessions.Count; i++)
        {
            var saga = (await SagaDocuments.ReadAsync(deployment, ids[i]))!;
            Assert.Equal("Completed", (string)saga["CurrentState"]!);
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, sessions[i], i < 2 ? masterKey : null), sessions[i]);
        }
        var dead = (await deployment.Redis.ListRangeAsync(EgressQueueKeys.Dead)).Select(v => JsonNode.Parse((string)v!)!).ToList();
        Assert.Equal(2, dead.Count);
        Assert.Equal(0, await deployment.Redis.ListLengthAsync(EgressQueueKeys.Processing));
        Assert.False(ingest.HasExited);
        // The killed Mixers' work folders (plaintext of an encrypted session, maybe) are removed by a successor on
        // the same MERGE_TMP_DIR when it starts.
        await deployment.StartAsync("Mixer", "mixer-b");
        await WaitForNoWorkFilesAsync(deployment);
    }

    private async Task RunDoomedIngestAsync(Deployment deployment, string crashPoint, Func<Task> enqueue)
    {
        var doomed = await deployment.StartAsync("Ingest", $"ingest-{crashPoint.Replace(':', '-')}",
            only: new Dictionary<string, string> { ["MERGEBUS_TEST_CRASH_AT"] = crashPoint });
        await enqueue();
        await doomed.WaitForExitAsync(Patience);
        output.WriteLine($"ingest killed at {crashPoint}");
        await deployment.StopAsync(doomed);
    }

    private static async Task WaitForAnyAsync(Deployment deployment, string state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var server = deployment.Connection.GetServer(deployment.Cluster.Redis.Address);
        while (clock.Elapsed < Patience)
        {
            try
            {
                foreach (var key in server.Keys(deployment.Database, "mergebus:saga:MergeJobState:*"))
                {
                    var data = await deployment.Redis.HashGetAsync(key, "data");
                    if (!data.IsNullOrEmpty && data.ToString().Contains($"\"CurrentState\":\"{state}\"", StringComparison.Ordinal)) return;
                }
            }
            catch (StackExchange.Redis.RedisConnectionException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no job reached {state}\n{deployment.Logs()}");
    }

    private static async Task WaitForNoWorkFilesAsync(Deployment deployment)
    {
        var root = Path.Combine(deployment.WorkDirectory, "tmp");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string[] left;
        do
        {
            left = Directory.Exists(root)
                ? Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                : [];
            if (left.Length == 0) return;
            await Task.Delay(200);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Fail("work files left behind: " + string.Join(", ", left));
    }
}
