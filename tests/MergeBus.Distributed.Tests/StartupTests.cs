using System.Diagnostics;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.LoopbackServers;
using MergeBus.Steps;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// Start-up as KEDA sees it when it scales a service from zero: exec → /health/ready 200, the CPU spent by then, and a
/// fresh Mixer's first mix step against its later ones. Prints the figures (docs/deploy.md, "Start-up"); the
/// asserts are about behaviour, never about time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StartupTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);
    private const int Jobs = 10;

    [Fact]
    public async Task Each_service_started_alone_answers_ready_and_a_fresh_mixer_merges_its_first_ten_jobs_faithfully()
    {
        await using var deployment = await cluster.NewDeploymentAsync("startup");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(400, Jobs))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 10)));

        // One at a time, so no start-up shares the cores with another; the Mixer last, and fresh for the jobs.
        var figures = new List<string>();
        ServiceProcess? mixer = null;
        foreach (var service in new[] { "Ingest", "Fetcher", "Publisher", "Mixer" })
        {
            var (process, ready) = await StartUntilReadyAsync(deployment, service);
            figures.Add($"{service} ready {ready.Milliseconds:F0} ms, {ready.CpuMilliseconds:F0} CPU ms, {ready.RssMegabytes:F0} MB");
            mixer = process;
        }

        var mixSteps = new List<long>();
        var mixerCpu = new List<double>();
        foreach (var session in sessions)
        {
            var before = CpuMilliseconds(mixer!);
            var (id, _) = await deployment.EnqueueAsync(session);
            var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];
            Assert.Equal("completed", status.Status);
            MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
            var steps = (JsonObject)(await SagaDocuments.ReadAsync(deployment, id))!["StepDurationsMs"]!;
            mixSteps.Add((long)steps[MergeSteps.Mix]!);
            // The Mixer process's own CPU for the job (its ffmpeg children not counted): JIT shows here, and a busy
            // machine does not inflate it as it does the wall clock.
            mixerCpu.Add(CpuMilliseconds(mixer!) - before);
        }

        var later = mixSteps.Skip(1).Order().ToList();
        output.WriteLine($"start-up: {string.Join("; ", figures)}; fresh Mixer, 2 × 10 s sessions, mix step: first " +
            $"{mixSteps[0]} ms, tenth {mixSteps[^1]} ms, median of 2nd–10th {later[later.Count / 2]} ms " +
            $"(first ÷ that median {(double)mixSteps[0] / Math.Max(1, later[later.Count / 2]):F2}); all {string.Join(", ", mixSteps)}; " +
            $"Mixer CPU per job: first {mixerCpu[0]:F0} ms, tenth {mixerCpu[^1]:F0} ms, all {string.Join(", ", mixerCpu.Select(c => c.ToString("F0")))}");
        // Where the first job's time went inside the Mixer (the store's round trips or the mix), beside the tenth's.
        var mixed = mixer!.Output.Split('\n').Where(l => l.Contains("inputs fetched in", StringComparison.Ordinal)).ToList();
        if (mixed.Count > 0) output.WriteLine($"start-up: Mixer, first job: {mixed[0].Trim()}; tenth: {mixed[^1].Trim()}");
        Assert.All(mixSteps, ms => Assert.InRange(ms, 1, long.MaxValue));
    }

    private static double CpuMilliseconds(ServiceProcess service)
    {
        using var process = Process.GetProcessById(service.Id);
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static async Task<(ServiceProcess Process, (double Milliseconds, double CpuMilliseconds, double RssMegabytes) Ready)> StartUntilReadyAsync(
        Deployment deployment, string service)
    {
        var clock = Stopwatch.StartNew();
        var process = await deployment.StartAsync(service, service.ToLowerInvariant(), waitUntilHealthy: false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            Assert.False(process.HasExited, $"{service} exited:\n{process.Output}");
            Assert.True(clock.Elapsed < Patience, $"{service} not ready after {Patience}:\n{process.Output}");
            try
            {
                using var response = await http.GetAsync(process.Url + "/health/ready");
                if (response.IsSuccessStatusCode) break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(10);
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        using var running = Process.GetProcessById(process.Id);
        var cpu = running.TotalProcessorTime.TotalMilliseconds;
        running.Refresh();
        return (process, (elapsed, cpu, running.PeakWorkingSet64 / (1024.0 * 1024)));
    }
}
