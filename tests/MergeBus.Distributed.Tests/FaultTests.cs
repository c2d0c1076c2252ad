using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Redis.Queue;
using MergeBus.Storage.Transfers;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

[Collection(ClusterCollection.Name)]
public sealed class FaultTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_mixer_killed_mid_job_leaves_the_job_to_the_other_mixer_which_completes_it_once()
    {
        await using var deployment = await cluster.NewDeploymentAsync("mixkill");
        var starting = deployment.StartAllAsync("mixer-a");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(300, 240));
        await starting;

        var (id, _) = await deployment.EnqueueAsync(session);
        await SagaDocuments.WaitForStateAsync(deployment, id, "Mixing", Patience);
        await Task.Delay(300);
        var victim = deployment.Services.Single(s => s.Name == "mixer-a");
        victim.KillHard();
        Assert.NotEqual("completed", (await deployment.StatusAsync(id))?.Status);
        await deployment.StartAsync("Mixer", "mixer-b");

        var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];
        Assert.Equal("mixer-b", status.WorkerId);
        Assert.Equal(0, status.Retries);
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
        var leftovers = await deployment.Storage.ListAsync("staging/");
        Assert.True(leftovers.Count == 0, "staging leftovers: " + string.Join(", ", leftovers.Select(o => o.Key)));
    }

    [Fact]
    public async Task An_entry_claimed_by_an_ingest_that_died_before_the_hand_off_is_requeued_and_completes()
    {
        await using var deployment = await cluster.NewDeploymentAsync("claimlost");
        deployment.With("MERGEBUS__QUEUE__VISIBILITY_TIMEOUT", "2s");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(310, 4));
        await Task.WhenAll(
            deployment.StartAsync("Fetcher", "fetcher"),
            deployment.StartAsync("Mixer", "mixer-a"),
            deployment.StartAsync("Publisher", "publisher"));

        // The dead Ingest: it claimed the entry (moved to processing) and never handed it off nor acked it.
        var (id, _) = await deployment.EnqueueAsync(session);
        var lostClaim = await new EgressQueue(deployment.Connection).ClaimAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(lostClaim);
        Assert.Equal(0, await deployment.Redis.ListLengthAsync(EgressQueueKeys.Queue));

        var ingest = await deployment.StartAsync("Ingest", "ingest");
        await deployment.WaitForCompletionAsync([id], Patience);

        Assert.Contains(ingest.Lines, l => l.Contains("Requeued 1 egress queue entries"));
        Assert.Equal(0, await deployment.Redis.ListLengthAsync(EgressQueueKeys.Processing));
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
    }

    [Fact]
    public async Task An_ingest_killed_while_handing_off_a_burst_loses_no_job_and_merges_each_once()
    {
        await using var deployment = await cluster.NewDeploymentAsync("ingestkill");
        deployment.With("MERGEBUS__QUEUE__VISIBILITY_TIMEOUT", "2s");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(340, 8))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 4)));
        await deployment.StartAllAsync("mixer-a");
        var victim = deployment.Services.Single(s => s.Name == "ingest");

        var ids = new List<string>();
        foreach (var session in sessions) ids.Add((await deployment.EnqueueAsync(session)).JobId);
        // Kill -9 the moment an entry is claimed: the hand-off (publish, then ack) takes milliseconds.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await deployment.Redis.ListLengthAsync(EgressQueueKeys.Processing) == 0 && clock.Elapsed < TimeSpan.FromSeconds(5)) { }
        victim.KillHard();
        var inFlight = await deployment.Redis.ListLengthAsync(EgressQueueKeys.Processing);
        var waiting = await deployment.Redis.ListLengthAsync(EgressQueueKeys.Queue);
        output.WriteLine($"ingest killed with {inFlight} claimed and {waiting} waiting entries");
        await deployment.StartAsync("Ingest", "ingest-2");

        var statuses = await deployment.WaitForCompletionAsync(ids, Patience);

        Assert.All(statuses.Values, s => Assert.Equal("completed", s.Status));
        Assert.Equal(0, await deployment.Redis.ListLengthAsync(EgressQueueKeys.Processing));
        foreach (var id in ids)
        {
            // One fetch, one mix, one publish: a job handed off twice was still merged once.
            Assert.Equal(3, (int)(await SagaDocuments.ReadAsync(deployment, id))!["Try"]!);
        }
        for (var i = 0; i < sessions.Count; i++)
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, sessions[i]), sessions[i]);
    }

    [Fact]
    public async Task Poison_entries_go_to_the_dead_list_with_a_reason_and_the_queue_keeps_flowing()
    {
        await using var deployment = await cluster.NewDeploymentAsync("poison");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(320, 4));
        await deployment.StartAllAsync("mixer-a");

        await deployment.Redis.ListRightPushAsync(EgressQueueKeys.Queue, "{this is not json");
        await deployment.Redis.ListRightPushAsync(EgressQueueKeys.Queue, """{"id":"no-manifest","session_id":"S"}""");
        var (id, _) = await deployment.EnqueueAsync(session);
        await deployment.WaitForCompletionAsync([id], Patience);

        var dead = (await deployment.Redis.ListRangeAsync(EgressQueueKeys.Dead))
            .Select(v => JsonNode.Parse((string)v!)!).ToList();
        Assert.Equal(2, dead.Count);
        Assert.Contains("not valid JSON", (string)dead[0]["reason"]!);
        Assert.Contains("manifest_path", (string)dead[1]["reason"]!);
        Assert.False(deployment.Services.Single(s => s.Name == "ingest").HasExited);
    }

    [Fact]
    public async Task A_session_queued_again_after_its_merge_whose_new_merge_fails_keeps_the_earlier_mix_and_records_the_failure_beside_it()
    {
        await using var deployment = await cluster.NewDeploymentAsync("remerge");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(365, 4));
        await deployment.StartAllAsync("mixer-a");
        var (first, _) = await deployment.EnqueueAsync(session);
        await deployment.WaitForCompletionAsync([first], Patience);
        var merged = (await ReadRoomMixAsync(deployment, session))!;

        // The egress queues the session again after one of its inputs went bad: this merge fails for good.
        await deployment.Storage.PutFileAsync($"{session.Directory}/{session.Truth.Participants[1].FileName}",
            session.Truth.Participants[0].Path);
        var (second, _) = await deployment.EnqueueAsync(session, jobId: $"{session.SessionId}_again");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RoomMix? after;
        while ((after = await PollRoomMixAsync(deployment, session))?.LastAttempt is null && clock.Elapsed < Patience)
            await Task.Delay(100);

        Assert.Equal(JobStatuses.Failed, (await deployment.StatusAsync(second))?.Status);
        Assert.NotNull(after?.LastAttempt);
        Assert.Equal(RoomMixStatuses.Failed, after.LastAttempt.Status);
        Assert.Contains("mismatch", after.LastAttempt.Error);
        Assert.Equal(RoomMixStatuses.Completed, after.Status);
        Assert.Equal(merged.Artifacts.Select(a => (a.StorageUri, a.Sha256)), after.Artifacts.Select(a => (a.StorageUri, a.Sha256)));
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
    }

    [Fact]
    public async Task Jobs_in_flight_when_redis_restarts_all_complete_from_the_append_only_file()
    {
        await using var deployment = await cluster.NewDeploymentAsync("redisrestart");
        deployment.With("MERGEBUS__QUEUE__VISIBILITY_TIMEOUT", "3s");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(330, 6))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 5)));
        await deployment.StartAllAsync("mixer-a", "mixer-b");

        var ids = new List<string>();
        foreach (var session in sessions) ids.Add((await deployment.EnqueueAsync(session)).JobId);
        await SagaDocuments.WaitForStateAsync(deployment, ids[0], "Mixing", Patience);
        await cluster.Redis.RestartAsync();
        output.WriteLine("redis restarted");

        var statuses = await deployment.WaitForCompletionAsync(ids, Patience);
        Assert.All(statuses.Values, s => Assert.Equal("completed", s.Status));
        for (var i = 0; i < sessions.Count; i++)
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, sessions[i]), sessions[i]);
    }

    /// <summary>
    /// A poll can read the manifest while the Publisher rewrites it in place: s3rver then serves bytes that fail the
    /// SDK's hash check. That read saw nothing yet; the next one sees the finished write.
    /// </summary>
    private static async Task<RoomMix?> PollRoomMixAsync(Deployment deployment, UploadedSession session)
    {
        try
        {
            return await ReadRoomMixAsync(deployment, session);
        }
        catch (Amazon.Runtime.AmazonClientException torn) when (torn.Message.Contains("hash", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    private static async Task<RoomMix?> ReadRoomMixAsync(Deployment deployment, UploadedSession session) =>
        (await ManifestStore.ReadAsync(deployment.Storage, deployment.MergedManifestKey(session.ManifestKey), CancellationToken.None)).RoomMix;
}
