using System.Net;
using System.Security.Cryptography;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Queue;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>Defects 2 and 6 across real processes: no crash point strands a job; a retry still has its key.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RecoveryTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Claim, hand-off, the saga saved after each of its four transitions (before sending), and the saga's commands
    /// sent (before the message is acknowledged).
    /// </summary>
    public static readonly string[] CrashPoints =
    [
        "after-claim:1", "after-hand-off:1",
        "after-saga-save:1", "after-saga-save:2", "after-saga-save:3", "after-saga-save:4",
        "after-saga-send:1", "after-saga-send:3",
    ];

    [Fact]
    public async Task An_ingest_killed_at_each_crash_point_strands_no_job_and_each_job_completes_exactly_once()
    {
        await using var deployment = await cluster.NewDeploymentAsync("crashpoints");
        deployment.With("MERGEBUS__QUEUE__VISIBILITY_TIMEOUT", "2s");
        var sessions = new List<UploadedSession>();
        foreach (var (point, index) in CrashPoints.Select((p, i) => (p, i)))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(600 + index, 3)));
        await Task.WhenAll(
            deployment.StartAsync("Fetcher", "fetcher"),
            deployment.StartAsync("Mixer", "mixer-a"),
            deployment.StartAsync("Publisher", "publisher"));

        var ids = new List<string>();
        for (var i = 0; i < CrashPoints.Length; i++)
        {
            var doomed = await deployment.StartAsync("Ingest", $"ingest-doomed-{i}",
                only: new Dictionary<string, string> { ["MERGEBUS_TEST_CRASH_AT"] = CrashPoints[i] });
            var (id, _) = await deployment.EnqueueAsync(sessions[i]);
            ids.Add(id);
            await doomed.WaitForExitAsync(Patience);
            Assert.Contains(doomed.Lines, l => l.Contains($"crash point {CrashPoints[i].Split(':')[0]}"));
            output.WriteLine($"{CrashPoints[i]}: ingest killed, job {id} status {(await deployment.StatusAsync(id))?.Status ?? "none"}");
            await deployment.StopAsync(doomed);

            var survivor = await deployment.StartAsync("Ingest", $"ingest-{i}");
            await deployment.WaitForCompletionAsync([id], Patience);
            await deployment.StopAsync(survivor);
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var saga = (await SagaDocuments.ReadAsync(deployment, ids[i]))!;
            Assert.Equal("Completed", (string)saga["CurrentState"]!);
            // One try per step: the crash cost a resend, never a second try nor a failed attempt.
            Assert.Equal(3, (int)saga["Try"]!);
            Assert.Equal(0, (int)saga["FailedAttempts"]!);
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, sessions[i]), sessions[i]);
        }
        Assert.Equal(0, await deployment.Redis.ListLengthAsync(EgressQueueKeys.Processing));
    }

    [Fact]
    public async Task A_job_whose_step_command_was_lost_is_sent_again_by_the_stalled_job_sweeper()
    {
        await using var deployment = await cluster.NewDeploymentAsync("sweeper");
        deployment.With("MERGEBUS__STALL_TIMEOUT", "3s");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(620, 3));
        var ingest = await deployment.StartAsync("Ingest", "ingest");
        await Task.WhenAll(deployment.StartAsync("Mixer", "mixer-a"), deployment.StartAsync("Publisher", "publisher"));

        var (id, _) = await deployment.EnqueueAsync(session);
        await SagaDocuments.WaitForStateAsync(deployment, id, "Fetching", Patience);
        // The command is lost: no Fetcher ever saw it.
        var (code, purged) = await cluster.RabbitMq.RunControlAsync(TimeSpan.FromSeconds(30), "purge_queue", "-p",
            deployment.VirtualHost, "fetch-inputs");
        Assert.True(code == 0, purged);
        await deployment.StartAsync("Fetcher", "fetcher");

        var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];

        Assert.Equal("completed", status.Status);
        Assert.Contains(ingest.Lines, l => l.Contains("sending its command again"));
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
    }

    [Fact]
    public async Task An_encrypted_job_whose_key_came_only_in_its_entry_can_be_retried_after_it_was_dead_lettered()
    {
        await using var deployment = await cluster.NewDeploymentAsync("keyretry");
        var masterKey = RandomNumberGenerator.GetBytes(32);
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(630, 4), masterKey);
        var track = $"{session.Directory}/{session.Truth.Participants[1].FileName}";
        var original = Path.Combine(deployment.WorkDirectory, "saved-track");
        await using (var saved = File.Create(original))
        await using (var stored = await deployment.Storage.OpenReadAsync(track))
            await stored.CopyToAsync(saved);
        await deployment.Storage.DeleteAsync(track);
        await deployment.StartAllAsync("mixer-a");

        var (id, _) = await deployment.EnqueueAsync(session, Convert.ToBase64String(masterKey));
        await WaitForStatusAsync(deployment, id, JobStatuses.Failed);
        // The status key is written as the saga gives up, a moment before the saga itself is stored as dead-lettered,
        // and the retry API asks the saga (as support's dashboard does).
        await SagaDocuments.WaitForStateAsync(deployment, id, "DeadLettered", Patience);
        await deployment.Storage.PutFileAsync(track, original);
        using var http = new HttpClient { BaseAddress = new Uri(deployment.Services.Single(s => s.Name == "ingest").Url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Deployment.ApiToken);
        using var retried = await http.PostAsync($"/jobs/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);

        await deployment.WaitForCompletionAsync([id], Patience, failFast: false);
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session, masterKey), session);
    }

    private static async Task WaitForStatusAsync(Deployment deployment, string jobId, string status)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await deployment.StatusAsync(jobId))?.Status != status)
        {
            if (clock.Elapsed > Patience) throw new TimeoutException($"{jobId} never became {status}\n{deployment.Logs()}");
            await Task.Delay(50);
        }
    }
}
