using System.Net;
using Marten;
using MergeBus.Configuration.Ingest;
using MergeBus.Ingest.Components.History;
using MergeBus.Support.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Support.Tests;

/// <summary>mergebus.history.retention: the sweep deletes jobs with nothing recorded for longer than the retention.</summary>
[Collection(SupportCollection.Name)]
public sealed class HistoryRetentionTests(SupportServers servers)
{
    [Fact]
    public async Task A_sweep_deletes_the_summary_and_events_of_a_job_last_active_before_the_cutoff()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var sweepAt = await RecordOldAndRecentJobsAsync(host);

        Assert.Equal(1, await Sweeper(host).SweepOnceAsync(sweepAt, CancellationToken.None));

        Assert.Null(await Reader(host).GetAsync("old-job", CancellationToken.None));
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Empty(await session.Events.FetchStreamAsync("old-job"));
        Assert.Null(await session.Events.FetchStreamStateAsync("old-job"));
        using var http = host.Client(SupportHost.ReadToken);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/jobs/old-job")).StatusCode);
    }

    [Fact]
    public async Task A_sweep_deletes_the_dedupe_marks_of_a_job_last_active_before_the_cutoff()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var sweepAt = await RecordOldAndRecentJobsAsync(host);

        await Sweeper(host).SweepOnceAsync(sweepAt, CancellationToken.None);

        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var marks = await session.Query<RecordedMessage>().Select(r => r.Id).ToListAsync();
        Assert.Equal(["recent-job|started", "recent-job|submitted"], marks.Order());
    }

    [Fact]
    public async Task A_sweep_leaves_a_job_active_after_the_cutoff_intact()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var sweepAt = await RecordOldAndRecentJobsAsync(host);
        var before = await Reader(host).GetAsync("recent-job", CancellationToken.None);

        await Sweeper(host).SweepOnceAsync(sweepAt, CancellationToken.None);

        var after = await Reader(host).GetAsync("recent-job", CancellationToken.None);
        Assert.NotNull(after);
        Assert.Equal(before!.Summary.State, after.Summary.State);
        Assert.Equal(before.History.Select(e => (e.Version, e.Type)), after.History.Select(e => (e.Version, e.Type)));
        Assert.Equal(2, after.History.Count);
        var page = await Reader(host).ListAsync(new JobQuery { Limit = 10 }, CancellationToken.None);
        Assert.Equal(["recent-job"], page.Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task Sweeping_twice_in_a_row_deletes_nothing_the_second_time_and_does_not_fail()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var sweepAt = await RecordOldAndRecentJobsAsync(host);

        await Sweeper(host).SweepOnceAsync(sweepAt, CancellationToken.None);
        Assert.Equal(0, await Sweeper(host).SweepOnceAsync(sweepAt, CancellationToken.None));

        Assert.NotNull(await Reader(host).GetAsync("recent-job", CancellationToken.None));
        Assert.Null(await Reader(host).GetAsync("old-job", CancellationToken.None));
    }

    [Fact]
    public async Task Two_sweeps_at_once_both_finish_and_the_old_job_is_gone()
    {
        await using var host = await SupportHost.StartAsync(servers);
        var sweepAt = await RecordOldAndRecentJobsAsync(host);

        // Two Ingest instances share one history: each sweep is of rows the other may have deleted already.
        await Task.WhenAll(Sweeper(host).SweepOnceAsync(sweepAt, CancellationToken.None),
            Sweeper(host).SweepOnceAsync(sweepAt, CancellationToken.None));

        Assert.Null(await Reader(host).GetAsync("old-job", CancellationToken.None));
        Assert.NotNull(await Reader(host).GetAsync("recent-job", CancellationToken.None));
    }

    private static JobHistorySweeper Sweeper(SupportHost host) => host.Services.GetRequiredService<JobHistorySweeper>();

    private static IJobHistoryReader Reader(SupportHost host) => host.Services.GetRequiredService<IJobHistoryReader>();

    /// <summary>
    /// Records old-job, then recent-job a moment later; returns the sweep time whose cutoff falls between them.
    /// The cutoff is taken from the events' own timestamps (PostgreSQL's), so no two clocks are compared.
    /// </summary>
    private static async Task<DateTimeOffset> RecordOldAndRecentJobsAsync(SupportHost host)
    {
        var recorder = host.Services.GetRequiredService<IJobHistoryRecorder>();
        await RecordAsync(recorder, "old-job");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await RecordAsync(recorder, "recent-job");

        var old = await Reader(host).GetAsync("old-job", CancellationToken.None);
        var recent = await Reader(host).GetAsync("recent-job", CancellationToken.None);
        var oldLast = old!.History.Max(e => e.At);
        var recentFirst = recent!.History.Min(e => e.At);
        Assert.True(oldLast < recentFirst, $"old-job's last event {oldLast:O} is not before recent-job's first {recentFirst:O}");
        var cutoff = oldLast + (recentFirst - oldLast) / 2;
        return cutoff + host.Services.GetRequiredService<HistorySettings>().Retention;
    }

    private static async Task RecordAsync(IJobHistoryRecorder recorder, string jobId)
    {
        var at = DateTimeOffset.UtcNow;
        await recorder.RecordAsync(jobId, "submitted",
            [new JobSubmitted(jobId, "api", "room-r", "S_" + jobId, $"room-r/S_{jobId}/manifest.json", at)], CancellationToken.None);
        await recorder.RecordAsync(jobId, "started", [new StepStarted(jobId, "fetch", 1, at, 1)], CancellationToken.None);
    }
}
