using System.Diagnostics;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.LoopbackServers;
using MergeBus.Steps;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// Start-up as KEDA sees it: exec → /health/ready 200 for each service (the CPU spent by then, the peak RSS), and a
/// fresh Mixer's first mix step against its later ones. KEDA scales only the Mixer, so the figure that counts is a fresh
/// Mixer joining a cluster whose Ingest, Fetcher and Publisher have already run a job; the first job of an all-fresh
/// cluster (every service's first handling of every message) is printed beside it. Prints the figures
/// (docs/deploy.md, "Start-up"); the asserts are about behaviour, never about time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StartupTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);
    private const int Jobs = 10;

    [Fact]
    public async Task Each_service_started_alone_answers_ready_and_a_fresh_mixer_in_a_running_cluster_merges_its_first_ten_jobs_faithfully()
    {
        await using var deployment = await cluster.NewDeploymentAsync("startup");
        var sessions = new List<UploadedSession>();
        foreach (var seed in Enumerable.Range(400, Jobs + 1))
            sessions.Add(await Sessions.UploadAsync(deployment, Sessions.TwoPeople(seed, 10)));

        // One at a time, so no start-up shares the cores with another.
        var figures = new List<string>();
        ServiceProcess? firstMixer = null;
        foreach (var service in new[] { "Ingest", "Fetcher", "Publisher", "Mixer" })
        {
            var (process, ready) = await StartUntilReadyAsync(deployment, service, service.ToLowerInvariant());
            figures.Add($"{service} ready {ready.Milliseconds:F0} ms, {ready.CpuMilliseconds:F0} CPU ms, {ready.RssMegabytes:F0} MB");
            firstMixer = process;
        }

        // The cold cluster: every service's first job.
        var (coldStep, coldCpu) = await RunJobAsync(deployment, sessions[0], firstMixer!);
        var coldSplit = MixerSplits(firstMixer!);

        // KEDA's case: that Mixer scaled away (SIGTERM, as Kubernetes stops a pod), a fresh one started beside the warm
        // Ingest, Fetcher and Publisher.
        await deployment.StopAsync(firstMixer!);
        var (mixer, mixerReady) = await StartUntilReadyAsync(deployment, "Mixer", "mixer-fresh");
        var mixSteps = new List<long>();
        var mixerCpu = new List<double>();
        foreach (var session in sessions.Skip(1))
        {
            var (step, cpu) = await RunJobAsync(deployment, session, mixer);
            mixSteps.Add(step);
            mixerCpu.Add(cpu);
        }

        var later = mixSteps.Skip(1).Order().ToList();
        var median = later[later.Count / 2];
        output.WriteLine($"start-up: {string.Join("; ", figures)}; all-fresh cluster's first job: mix step {coldStep} ms, " +
            $"Mixer CPU {coldCpu:F0} ms{(coldSplit.Count > 0 ? $" ({coldSplit[0]})" : "")}");
        output.WriteLine($"start-up: fresh Mixer in a running cluster: ready {mixerReady.Milliseconds:F0} ms, " +
            $"{mixerReady.CpuMilliseconds:F0} CPU ms, {mixerReady.RssMegabytes:F0} MB; 2 × 10 s sessions, mix step: first " +
            $"{mixSteps[0]} ms, tenth {mixSteps[^1]} ms, median of 2nd–10th {median} ms " +
            $"(first ÷ that median {(double)mixSteps[0] / Math.Max(1, median):F2}); all {string.Join(", ", mixSteps)}; " +
            $"Mixer CPU per job: first {mixerCpu[0]:F0} ms, tenth {mixerCpu[^1]:F0} ms, all {string.Join(", ", mixerCpu.Select(c => c.ToString("F0")))}");
        // Where the first job's time went inside the Mixer (the store's round trips or the mix), beside the tenth's.
        var split = MixerSplits(mixer);
        if (split.Count > 0) output.WriteLine($"start-up: fresh Mixer, first job: {split[0]}; tenth: {split[^1]}");
        // The first job arrives at once and shares the cores with the warm-up (begun once ready) until it ends.
        var warmedUp = mixer.Lines.FirstOrDefault(l => l.Contains("Mixer warmed up in", StringComparison.Ordinal) || l.Contains("Mixer warm-up gave way", StringComparison.Ordinal));
        if (warmedUp is not null) output.WriteLine($"start-up: fresh Mixer: {warmedUp.Trim()}");
        Assert.Equal(Jobs, split.Count);
        Assert.All(mixSteps, ms => Assert.InRange(ms, 1, long.MaxValue));
    }

    /// <summary>One job through the deployment: completed, its mix faithful; its mix step and the Mixer's own CPU.</summary>
    private static async Task<(long MixStepMs, double MixerCpuMs)> RunJobAsync(Deployment deployment, UploadedSession session,
        ServiceProcess mixer)
    {
        var before = CpuMilliseconds(mixer);
        var (id, _) = await deployment.EnqueueAsync(session);
        var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];
        Assert.Equal("completed", status.Status);
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
        var steps = (JsonObject)(await SagaDocuments.ReadAsync(deployment, id))!["StepDurationsMs"]!;
        // The Mixer process's own CPU for the job (its ffmpeg children not counted): JIT shows here, and a busy machine
        // does not inflate it as it does the wall clock.
        return ((long)steps[MergeSteps.Mix]!, CpuMilliseconds(mixer) - before);
    }

    /// <summary>The Mixer's own split of each job it mixed: inputs fetched in … mixed in … staged in.</summary>
    private static List<string> MixerSplits(ServiceProcess mixer) =>
        [.. mixer.Lines.Where(l => l.Contains("inputs fetched in", StringComparison.Ordinal)).Select(l => l.Trim())];

    private static double CpuMilliseconds(ServiceProcess service)
    {
        using var process = Process.GetProcessById(service.Id);
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static async Task<(ServiceProcess Process, (double Milliseconds, double CpuMilliseconds, double RssMegabytes) Ready)> StartUntilReadyAsync(
        Deployment deployment, string service, string workerId)
    {
        var clock = Stopwatch.StartNew();
        var process = await deployment.StartAsync(service, workerId, waitUntilHealthy: false);
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
