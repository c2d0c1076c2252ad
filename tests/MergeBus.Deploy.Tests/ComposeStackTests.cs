using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MergeBus.Cli.Commands;
using MergeBus.Deploy.Tests.Support;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Mixing;
using MergeBus.Testing.Audio;
using Xunit.Abstractions;

namespace MergeBus.Deploy.Tests;

/// <summary>
/// The compose file users run, with only compose/test.override.yml on top, on a dockerd this test starts. One story
/// in steps on one stack: it comes up healthy, the seed's job completes with a faithful mix, a Mixer killed mid-mix
/// costs nothing, KEDA's signal counts running and waiting mixes, and `down -v` leaves nothing.
/// </summary>
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed partial class ComposeStackTests(ComposeStack stack, ITestOutputHelper output) : IClassFixture<ComposeStack>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);
    private const string CompletedExchange = "MergeBus.Contracts:MergeJobCompleted";

    [Fact, Step(1)]
    public async Task Every_service_comes_up_healthy_with_two_mixers()
    {
        var states = await stack.WaitHealthyAsync(Patience);
        output.WriteLine($"base image import {stack.ImportTime.TotalSeconds:F0} s, build {stack.BuildTime.TotalSeconds:F0} s, up {stack.UpTime.TotalSeconds:F0} s, healthy after {stack.Elapsed.TotalSeconds:F0} s");
        output.WriteLine(string.Join(", ", states.Select(s => $"{s.Key}={s.Value}")));
        Assert.Equal(2, states.Keys.Count(k => k.StartsWith("mixer#", StringComparison.Ordinal)));
        var setup = (await stack.Compose.ContainersAsync("minio-setup")).Single();
        Assert.Equal("exited/0", await stack.Compose.InspectAsync(setup, "{{.State.Status}}/{{.State.ExitCode}}"));
        var aof = await stack.Redis.GetServer($"127.0.0.1:{stack.Port("REDIS_PORT")}").InfoAsync("persistence");
        Assert.Contains(aof.SelectMany(g => g), p => p.Key == "aof_enabled" && p.Value == "1");
    }

    [Fact, Step(2)]
    public async Task The_seeded_job_completes_and_its_mix_passes_the_audio_checks()
    {
        var seed = (await stack.Compose.ContainersAsync("seed")).Single();
        var clock = Stopwatch.StartNew();
        while (await stack.Compose.InspectAsync(seed, "{{.State.Status}}") != "exited" && clock.Elapsed < Patience) await Task.Delay(1000);
        Assert.Equal("0", await stack.Compose.InspectAsync(seed, "{{.State.ExitCode}}"));
        var logs = await stack.Compose.DockerAsync(TimeSpan.FromSeconds(30), "logs", seed);
        var seeded = SeededLine().Match(logs);
        Assert.True(seeded.Success, logs);

        var status = await stack.WaitForCompletionAsync(seeded.Groups["job"].Value, Patience);
        output.WriteLine($"seeded job {status.Id} completed by {status.WorkerId}");
        var truth = await SessionSynthesizer.CreateAsync(Path.Combine(stack.WorkDirectory, "seed-truth"),
            SeedCommand.Options("compose-demo", 1, 3, 20));
        await AssertFaithfulMixAsync(seeded.Groups["manifest"].Value, truth);
    }

    [Fact, Step(3)]
    public async Task A_mixer_killed_mid_mix_leaves_the_job_to_the_other_which_completes_it_once()
    {
        await stack.Management.BindCaptureAsync("compose-test-completed", CompletedExchange);
        var redeliveredBefore = RabbitManagement.Redelivered(await stack.Management.QueueAsync("mix-tracks"));
        var (jobId, manifestKey, truth) = await stack.EnqueueLongSessionAsync("killed-mixer");

        var mixers = await stack.Compose.ContainersAsync("mixer");
        var busy = await BusiestAsync(mixers, Patience);
        output.WriteLine($"killing mixer {busy[..12]} mid-mix");
        await stack.Compose.DockerAsync(TimeSpan.FromSeconds(30), "kill", busy);

        var status = await stack.WaitForCompletionAsync(jobId, Patience);
        Assert.Equal(0, status.Retries);
        Assert.True(RabbitManagement.Redelivered(await WaitForStatsAsync()) > redeliveredBefore,
            "mix-tracks shows no redelivery: the killed Mixer did not hold the mix");
        var completed = (await stack.Management.TakeAsync("compose-test-completed")).Where(m => m.Contains(jobId)).ToList();
        Assert.Single(completed);
        await AssertFaithfulMixAsync(manifestKey, truth);

        // `docker kill` counts as a deliberate stop, so restart: unless-stopped leaves it down; back to two Mixers.
        await stack.Compose.DockerAsync(TimeSpan.FromMinutes(2), "start", busy);
    }

    [Fact, Step(4)]
    public async Task KEDA_asks_for_a_mixer_per_mix_in_the_system_running_or_waiting()
    {
        await stack.WaitHealthyAsync(Patience);
        var scaling = KedaScaling.From((await Kustomize.RenderAsync("production-keda")).Single(o => (string)o["kind"]! == "ScaledObject"));
        var jobs = new List<string>();
        for (var i = 0; i < 4; i++) jobs.Add((await stack.EnqueueLongSessionAsync($"keda-{i}")).JobId);

        // Two Mixers (one mix each) busy, two mixes waiting behind them, as the management API reports it.
        JsonObject queue;
        var clock = Stopwatch.StartNew();
        do
        {
            queue = await stack.Management.QueueAsync(scaling.Queue);
            if (RabbitManagement.Count(queue, "messages_unacknowledged") == 2 && RabbitManagement.Count(queue, "messages") == 4) break;
            Assert.True(clock.Elapsed < Patience, $"never saw 2 running + 2 waiting: {queue.ToJsonString()}");
            await Task.Delay(500);
        } while (true);

        var messages = RabbitManagement.Count(queue, "messages");
        var ready = RabbitManagement.Count(queue, "messages_ready");
        output.WriteLine($"mix-tracks: messages {messages} (ready {ready}, unacked {RabbitManagement.Count(queue, "messages_unacknowledged")}); " +
                         $"KEDA http mode asks for {scaling.DesiredReplicas(messages)}, an AMQP-mode count would ask for {scaling.DesiredReplicas(ready)}");
        Assert.Equal(4, scaling.DesiredReplicas(messages));
        Assert.Equal(2, scaling.DesiredReplicas(ready));
        Assert.Equal(scaling.MinReplicas, scaling.DesiredReplicas(0));

        foreach (var id in jobs) await stack.WaitForCompletionAsync(id, Patience);
    }

    [Fact, Step(5)]
    public async Task Down_with_volumes_leaves_no_container_and_no_volume()
    {
        var clock = Stopwatch.StartNew();
        await stack.Compose.MustRunAsync(TimeSpan.FromMinutes(5), "down", "--volumes", "--remove-orphans");
        stack.IsDown = true;
        output.WriteLine($"down -v took {clock.Elapsed.TotalSeconds:F0} s; the whole story {stack.Elapsed.TotalSeconds:F0} s");
        Assert.Equal("", (await stack.Compose.DockerAsync(TimeSpan.FromSeconds(30), "ps", "-a", "-q")).Trim());
        Assert.Equal("", (await stack.Compose.DockerAsync(TimeSpan.FromSeconds(30), "volume", "ls", "-q",
            "--filter", $"label=com.docker.compose.project={ComposeStack.Project}")).Trim());
    }

    private async Task AssertFaithfulMixAsync(string manifestKey, SyntheticSession truth)
    {
        JsonObject manifest;
        await using (var stream = await stack.Storage.OpenReadAsync(manifestKey)) manifest = JsonNode.Parse(stream)!.AsObject();
        Assert.Equal("completed", (string?)manifest["room_mix"]?["status"]);
        var artifact = Assert.Single(manifest["room_mix"]!["artifacts"]!.AsArray(), a => (string?)a!["format"] != ArtifactFormats.SpeechJson)!;
        var uri = (string)artifact["storage_uri"]!;
        var key = uri.Contains('/') ? uri : $"{manifestKey[..manifestKey.LastIndexOf('/')]}/{uri}";
        var local = Path.Combine(stack.WorkDirectory, Guid.NewGuid().ToString("N") + ".ogg");
        await using (var remote = await stack.Storage.OpenReadAsync(key))
        await using (var file = File.Create(local))
            await remote.CopyToAsync(file);
        var samples = await MixChecks.DecodeAsync(local);
        MixChecks.AssertFaithful(key, samples.Length / 48000.0, MixChecks.Bursts(samples, truth), truth);
    }

    /// <summary>The Mixer container burning CPU: the one mixing (its PID 1 is the Mixer process).</summary>
    private async Task<string> BusiestAsync(IReadOnlyList<string> mixers, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var pids = new Dictionary<string, int>();
            foreach (var mixer in mixers) pids[mixer] = int.Parse(await stack.Compose.InspectAsync(mixer, "{{.State.Pid}}"));
            var before = pids.ToDictionary(p => p.Key, p => CpuTicks(p.Value));
            await Task.Delay(1000);
            var used = pids.ToDictionary(p => p.Key, p => CpuTicks(p.Value) - before[p.Key]);
            var busiest = used.MaxBy(u => u.Value);
            // 100 ticks = one core-second; a mixing Mixer uses well over a third of a core.
            if (busiest.Value > 35) return busiest.Key;
        }
        throw new TimeoutException("no Mixer started mixing");
    }

    private static long CpuTicks(int pid)
    {
        // /proc/PID/stat after the command's closing parenthesis: fields 14-17 are utime, stime, cutime, cstime.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
    }

    /// <summary>Queue stats refresh every 5 s in the management plugin.</summary>
    private async Task<JsonObject> WaitForStatsAsync()
    {
        await Task.Delay(6000);
        return await stack.Management.QueueAsync("mix-tracks");
    }

    [GeneratedRegex(@"seeded job (?<job>\S+): .* manifest (?<manifest>\S+)")]
    private static partial Regex SeededLine();
}
