using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MergeBus.Support.Tests.Support;
using StackExchange.Redis;

namespace MergeBus.Support.Tests;

[Collection(SupportCollection.Name)]
public sealed class HistoryTests(SupportServers servers)
{
    [Fact]
    public async Task A_job_that_failed_twice_and_then_completed_shows_three_attempts_with_errors_workers_and_durations()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var manifest = host.AddSession("room-h1", "S_h1");
        // Each try retries once in-process before it counts as failed: 4 failed calls are 2 failed tries.
        host.Faults.FailFetch("h1-job", 4);
        await host.SubmitAsync("h1-job", manifest);

        var answer = await host.WaitForAsync("h1-job", a => SupportHost.IsState(a, "Completed"));
        var fetches = answer["job"]!["steps"]!.AsArray().Where(s => (string?)s!["step"] == "fetch").ToList();
        Assert.Equal(3, fetches.Count);
        Assert.Equal([1, 2, 3], fetches.Select(s => (int)s!["attempt"]!));
        Assert.All(fetches.Take(2), s =>
        {
            Assert.Equal("failed", (string?)s!["outcome"]);
            Assert.Contains("storage unreachable", (string?)s["error"]);
            Assert.NotEmpty((string)s["host"]!);
            Assert.True((double)s["durationMs"]! >= 0);
        });
        Assert.Equal("succeeded", (string?)fetches[2]!["outcome"]);
        Assert.Equal("worker-a", (string?)fetches[2]!["workerId"]);
        Assert.True((double)fetches[2]!["durationMs"]! > 0);
        Assert.True((long)fetches[2]!["bytesDownloaded"]! > 180_000); // both inputs: 140437 + 47061 bytes
        Assert.Equal("history", (string?)answer["source"]);
    }

    [Fact]
    public async Task A_dead_lettered_job_retried_by_support_keeps_its_failed_try_and_records_every_step_of_the_retry()
    {
        await using var host = await SupportHost.StartAsync(servers);
        // Its manifest is not there yet: the fetch fails for good and the job is dead-lettered.
        await host.SubmitAsync("h5-job", "room-h5/S_h5/manifest.json");
        await host.WaitForAsync("h5-job", a => SupportHost.IsState(a, "DeadLettered"));
        host.AddSession("room-h5", "S_h5");

        using var http = host.Client(SupportHost.OperateToken);
        (await http.PostAsync("/jobs/h5-job/retry", null)).EnsureSuccessStatusCode();
        var answer = await host.WaitForAsync("h5-job", a => SupportHost.IsState(a, "Completed")
            && a["job"]!["steps"]!.AsArray().Count(s => (string?)s!["outcome"] == "succeeded") == 3);

        // The retry starts again from attempt 1: the steps are told apart by the saga's try.
        var steps = answer["job"]!["steps"]!.AsArray();
        Assert.Equal(["fetch:failed", "fetch:succeeded", "mix:succeeded", "publish:succeeded"],
            steps.Select(s => $"{s!["step"]}:{s["outcome"]}"));
        Assert.Equal(steps.Count, steps.Select(s => (int)s!["try"]!).Distinct().Count());
        Assert.Contains("manifest", (string?)steps[0]!["error"]);
        Assert.Contains(answer["history"]!.AsArray(), e => (string?)e!["type"] == "RetryRequested");
    }

    [Fact]
    public async Task The_history_outlives_the_saga_in_redis()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var manifest = host.AddSession("room-h2", "S_h2");
        await host.SubmitAsync("h2-job", manifest);
        await host.WaitForAsync("h2-job", a => SupportHost.IsState(a, "Completed")
            && a["job"]!["artifacts"]!.AsArray().Count > 0);

        // Redis retention ran out: every saga and status key is gone.
        var redis = host.Services.GetService(typeof(IConnectionMultiplexer)) as IConnectionMultiplexer;
        var db = redis!.GetDatabase();
        foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).Keys(db.Database, "*")) await db.KeyDeleteAsync(key);

        using var http = host.Client(SupportHost.ReadToken);
        var answer = await http.GetFromJsonAsync<JsonNode>("/jobs/h2-job");
        Assert.Equal("Completed", (string?)answer!["job"]!["state"]);
        Assert.Equal(2, answer["job"]!["participants"]!.AsArray().Count);
        Assert.NotEmpty(answer["history"]!.AsArray());
    }

    [Fact]
    public async Task A_replayed_event_adds_nothing_to_the_history()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var manifest = host.AddSession("room-h3", "S_h3");
        await host.SubmitAsync("h3-job", manifest);
        var before = await host.WaitForAsync("h3-job", a => SupportHost.IsState(a, "Completed")
            && a["job"]!["artifacts"]!.AsArray().Count > 0);

        var bus = (MassTransit.IBus)host.Services.GetService(typeof(MassTransit.IBus))!;
        var fetch = before["job"]!["steps"]!.AsArray().First(s => (string?)s!["step"] == "fetch")!;
        await bus.Publish(new MergeBus.Contracts.MergeJobStepStarted
        {
            JobId = "h3-job", Attempt = (int)fetch["attempt"]!, Try = (int)fetch["try"]!, Step = "fetch", Timestamp = DateTimeOffset.UtcNow,
        });
        await bus.Publish(new MergeBus.Contracts.MergeJobCompleted
        {
            JobId = "h3-job", ManifestPath = manifest, Artifacts = [], Attempts = (int)before["job"]!["attempts"]!, Timestamp = DateTimeOffset.UtcNow,
        });
        // A marker published after the replays: once it is recorded, the replays were handled (one at a time, in order).
        await bus.Publish(new MergeBus.Contracts.MergeJobStarted { JobId = "h3-marker", ManifestPath = "r/s/manifest.json", Source = "api" });
        await host.WaitForAsync("h3-marker", _ => true);

        using var http = host.Client(SupportHost.ReadToken);
        var after = await http.GetFromJsonAsync<JsonNode>("/jobs/h3-job");
        Assert.Equal(before["history"]!.AsArray().Count, after!["history"]!.AsArray().Count);
        // The replayed completion (with no artifacts) neither adds nor wipes any: the mix and its speech index stay.
        Assert.Equal(before["job"]!["artifacts"]!.AsArray().Count, after["job"]!["artifacts"]!.AsArray().Count);
    }

    [Fact]
    public async Task With_postgresql_stopped_the_job_completes_and_its_history_appears_when_it_returns()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var manifest = host.AddSession("room-h4", "S_h4");
        await servers.Postgres.StopAsync();
        try
        {
            await host.SubmitAsync("h4-job", manifest);
            var status = await WaitForStatusAsync(host, "h4-job", "completed");
            Assert.Equal("completed", status);
        }
        finally
        {
            await servers.Postgres.RestartAsync();
        }
        var answer = await host.WaitForAsync("h4-job", a => SupportHost.IsState(a, "Completed")
            && a["job"]!["artifacts"]!.AsArray().Count > 0, TimeSpan.FromMinutes(2));
        Assert.Equal(3, answer["job"]!["steps"]!.AsArray().Count);
    }

    private static async Task<string> WaitForStatusAsync(SupportHost host, string jobId, string wanted)
    {
        var statuses = (MergeBus.Protocol.Jobs.IJobStatusStore)host.Services.GetService(typeof(MergeBus.Protocol.Jobs.IJobStatusStore))!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if ((await statuses.GetAsync(jobId, CancellationToken.None))?.Status == wanted) return wanted;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{jobId} never became {wanted}");
    }
}
