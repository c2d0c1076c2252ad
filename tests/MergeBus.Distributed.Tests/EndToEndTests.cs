using System.Diagnostics;
using MergeBus.Distributed.Tests.Support;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

[Collection(ClusterCollection.Name)]
public sealed class EndToEndTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    /// <summary>Jobs the latency test measures, one after another (as the benchmark's in-process latency part).</summary>
    private const int MeasuredJobs = 9;

    [Fact]
    public async Task Twenty_sessions_queued_like_the_egress_all_complete_with_faithful_mixes_spread_over_two_mixers()
    {
        await using var deployment = await cluster.NewDeploymentAsync("e2e");
        var starting = deployment.StartAllAsync("mixer-a", "mixer-b");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(100, 20))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 4 + seed % 3)));
        await starting;

        var clock = Stopwatch.StartNew();
        var jobs = new List<(string JobId, DateTimeOffset EnqueuedAt, UploadedSession Session)>();
        foreach (var session in sessions)
        {
            var (id, at) = await deployment.EnqueueAsync(session);
            jobs.Add((id, at, session));
        }
        var statuses = await deployment.WaitForCompletionAsync([.. jobs.Select(j => j.JobId)], Patience);
        var elapsed = clock.Elapsed;

        foreach (var (id, _, session) in jobs)
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
        Assert.All(statuses.Values, s => Assert.Equal("completed", s.Status));
        Assert.Equal(["mixer-a", "mixer-b"], statuses.Values.Select(s => s.WorkerId).Distinct().Order());
        Assert.Empty(await deployment.Storage.ListAsync("staging/"));

        var latencies = jobs.Select(j =>
            (DateTimeOffset.UnixEpoch.AddTicks(statuses[j.JobId].CompletedAt / 100) - j.EnqueuedAt).TotalMilliseconds).ToList();
        output.WriteLine($"20 jobs in {elapsed.TotalSeconds:F1} s = {20 / elapsed.TotalMinutes:F1} jobs/min; " +
            $"enqueue→completed median {Percentiles.Median(latencies):F0} ms, max {latencies.Max():F0} ms; " +
            $"mixer-a {statuses.Values.Count(s => s.WorkerId == "mixer-a")}, mixer-b {statuses.Values.Count(s => s.WorkerId == "mixer-b")}");
    }

    [Fact]
    public async Task All_four_services_in_one_process_merge_queued_sessions_on_the_same_servers()
    {
        await using var deployment = await cluster.NewDeploymentAsync("all-in-one");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(300, 3))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 5)));
        await deployment.StartAllInOneProcessAsync("all-in-one");

        var ids = new List<string>();
        foreach (var session in sessions) ids.Add((await deployment.EnqueueAsync(session)).JobId);
        var statuses = await deployment.WaitForCompletionAsync(ids, Patience);

        Assert.All(statuses.Values, s => Assert.Equal(("completed", "all-in-one"), (s.Status, s.WorkerId)));
        foreach (var session in sessions)
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
    }

    [Fact]
    public async Task A_two_person_ten_second_session_completes_within_a_few_seconds_of_being_queued()
    {
        await using var deployment = await cluster.NewDeploymentAsync("latency");
        var starting = deployment.StartAllAsync("mixer-a");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(200, 1 + MeasuredJobs))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 10)));
        await starting;

        // The first job of fresh processes pays their start-up (JIT, connections); a Mixer lives for many jobs.
        var (warmUp, _) = await deployment.EnqueueAsync(sessions[0]);
        var first = (await deployment.WaitForCompletionAsync([warmUp], Patience))[warmUp];
        Assert.Equal("completed", first.Status);

        var latencies = new List<double>();
        var pickups = new List<double>();
        var mixBytes = new List<double>();
        var moved = new List<(long Down, long Up)>();
        var steps = new List<string>();
        foreach (var session in sessions.Skip(1))
        {
            var (id, at) = await deployment.EnqueueAsync(session);
            var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];
            latencies.Add((DateTimeOffset.UnixEpoch.AddTicks(status.CompletedAt / 100) - at).TotalMilliseconds);
            pickups.Add((DateTimeOffset.UnixEpoch.AddTicks(status.StartedAt / 100) - at).TotalMilliseconds);
            var mix = await MixVerifier.MeasureAsync(deployment, session);
            MixVerifier.AssertFaithful(mix, session);
            mixBytes.Add(mix.StoredBytes);
            var saga = (await SagaDocuments.ReadAsync(deployment, id))!;
            var transfer = saga["Transfer"]!;
            // Where a job's time goes: each step from its command to its reply, as the saga measured it.
            steps.Add(string.Join("/", ((System.Text.Json.Nodes.JsonObject)saga["StepDurationsMs"]!).Select(p => $"{p.Key} {p.Value}")));
            moved.Add(((long)transfer["BytesDownloaded"]!, (long)transfer["BytesUploaded"]!));
            // Fetcher and Mixer each read the inputs once; the Mixer uploads the mix once (publishing copies server-side).
            Assert.InRange(moved[^1].Down, 2 * session.BytesUploaded, 2 * session.BytesUploaded + 64 * 1024);
            Assert.InRange(moved[^1].Up, mix.StoredBytes, mix.StoredBytes + 64 * 1024);
        }

        var bytesIn = sessions.Average(s => s.BytesUploaded);
        output.WriteLine($"10 s, 2 people, {MeasuredJobs} jobs after one warm-up: enqueue→completed median {Percentiles.Median(latencies):F0} ms " +
            $"({string.Join(", ", latencies.Select(l => l.ToString("F0")))}); enqueue→started median {Percentiles.Median(pickups):F0} ms; " +
            $"inputs {bytesIn / 1024:F0} KiB per session, mix {mixBytes.Average() / 1024:F0} KiB; " +
            $"moved per job: {moved.Average(m => m.Down) / 1024:F0} KiB down, {moved.Average(m => m.Up) / 1024:F0} KiB up; " +
            $"steps in ms: {string.Join("; ", steps)}");
        Assert.True(Percentiles.Median(latencies) < 10_000, $"median {Percentiles.Median(latencies):F0} ms");
    }

    [Fact]
    public async Task A_mixer_takes_from_the_broker_only_as_many_mix_commands_as_it_mixes_at_once()
    {
        await using var deployment = await cluster.NewDeploymentAsync("prefetch");
        deployment.With("MERGEBUS__MIXER__CONCURRENCY", "3");
        await deployment.StartAsync("Mixer", "mixer-a");

        var (_, consumers) = await cluster.RabbitMq.RunControlAsync(TimeSpan.FromSeconds(30), "list_consumers", "-p",
            deployment.VirtualHost, "--no-table-headers", "--quiet", "queue_name", "prefetch_count");

        Assert.Contains(consumers.Split('\n', StringSplitOptions.TrimEntries), l => l == "mix-tracks\t3");
    }
}
