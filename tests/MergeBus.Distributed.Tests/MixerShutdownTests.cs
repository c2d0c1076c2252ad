using System.Diagnostics;
using MergeBus.Distributed.Tests.Support;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// SIGTERM on a Mixer process mid-mix, as Kubernetes (terminationGracePeriodSeconds) and compose (stop_grace_period)
/// send it: the mix in hand either finishes within mergebus.mixer.shutdown_timeout or goes back to the queue.
/// Either way the job completes with one published mix, no failed attempt and no fault.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MixerShutdownTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private const string TracksMixed = "urn:message:MergeBus.Contracts:TracksMixed";
    private const string Fault = "urn:message:MassTransit:Fault";
    private const string MixProgressed = "urn:message:MergeBus.Contracts:MixProgressed";

    [Fact]
    public async Task A_mixer_told_to_stop_mid_mix_finishes_the_mix_in_hand_takes_no_new_work_and_exits()
    {
        await using var deployment = await cluster.NewDeploymentAsync("sigterm-finish");
        deployment.With("MERGEBUS__MIXER__SHUTDOWN_TIMEOUT", "90s");
        await using var capture = await MessageCapture.StartAsync(deployment);
        var starting = deployment.StartAllAsync("mixer-a");
        var first = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(400, 900));
        var second = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(401, 5));
        await starting;

        var (id, _) = await deployment.EnqueueAsync(first);
        var seen = await WaitUntilMixingAsync(capture, id);
        var mixer = deployment.Services.Single(s => s.Name == "mixer-a");
        var clock = Stopwatch.StartNew();
        await Signal(mixer.Id, "TERM");
        // Queued while the stopping Mixer still works on the first mix: it must not take this one.
        var (laterId, _) = await deployment.EnqueueAsync(second);

        Assert.Equal(0, await mixer.WaitForExitAsync(TimeSpan.FromSeconds(100)));
        output.WriteLine($"mixer-a exited {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");
        Assert.True(mixer.Lines.Any(l => l.Contains($"Job {id} attempt ") && l.Contains(": mixed ")), mixer.Output);
        Assert.False(mixer.Lines.Any(l => l.Contains("handing it back")), mixer.Output);
        var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];
        Assert.Equal(0, status.Retries);

        await deployment.StartAsync("Mixer", "mixer-b");
        var later = (await deployment.WaitForCompletionAsync([laterId], Patience))[laterId];
        Assert.DoesNotContain(mixer.Lines, l => l.Contains($"Job {laterId}"));
        Assert.Equal(0, later.Retries);
        await AssertMixedOnceWithoutFaultAsync(capture, seen, id);
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, first), first);
    }

    [Fact]
    public async Task A_mixer_that_cannot_finish_before_its_shutdown_timeout_hands_the_mix_back_and_another_completes_it_once()
    {
        await using var deployment = await cluster.NewDeploymentAsync("sigterm-nack");
        deployment.With("MERGEBUS__MIXER__SHUTDOWN_TIMEOUT", "500ms");
        await using var capture = await MessageCapture.StartAsync(deployment);
        var starting = deployment.StartAllAsync("mixer-a");
        var session = await Sessions.UploadAsync(deployment, Sessions.TwoPeople(402, 1800));
        await starting;

        var (id, _) = await deployment.EnqueueAsync(session);
        var seen = await WaitUntilMixingAsync(capture, id);
        var mixer = deployment.Services.Single(s => s.Name == "mixer-a");
        await Signal(mixer.Id, "TERM");

        Assert.Equal(0, await mixer.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(mixer.Lines.Any(l => l.Contains($"Job {id} attempt ") && l.Contains("the Mixer is stopping") && l.Contains("handing it back")), mixer.Output);
        Assert.False(mixer.Lines.Any(l => l.Contains($"Job {id} attempt ") && l.Contains(": mixed ")), mixer.Output);
        Assert.NotEqual("completed", (await deployment.StatusAsync(id))?.Status);

        await deployment.StartAsync("Mixer", "mixer-b");
        var status = (await deployment.WaitForCompletionAsync([id], Patience))[id];
        Assert.Equal("mixer-b", status.WorkerId);
        Assert.Equal(0, status.Retries);
        await AssertMixedOnceWithoutFaultAsync(capture, seen, id);
        MixVerifier.AssertFaithful(await MixVerifier.MeasureAsync(deployment, session), session);
        var leftovers = await deployment.Storage.ListAsync("staging/");
        Assert.True(leftovers.Count == 0, "staging leftovers: " + string.Join(", ", leftovers.Select(o => o.Key)));
    }

    /// <summary>Until the Mixer reports progress on the job: it holds the mix and is working on it.</summary>
    private static async Task<List<string>> WaitUntilMixingAsync(MessageCapture capture, string jobId)
    {
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        while (!seen.Any(m => m.Contains(jobId) && m.Contains(MixProgressed)))
        {
            Assert.True(clock.Elapsed < Patience, $"no {MixProgressed} for {jobId}");
            await Task.Delay(100);
            seen.AddRange(await capture.DrainAsync());
        }
        return seen;
    }

    private static async Task AssertMixedOnceWithoutFaultAsync(MessageCapture capture, List<string> seen, string jobId)
    {
        var messages = seen.Concat(await capture.DrainAsync()).Where(m => m.Contains(jobId)).ToList();
        Assert.Single(messages, m => m.Contains(TracksMixed));
        Assert.DoesNotContain(messages, m => m.Contains(Fault));
    }

    private static async Task Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        await kill.WaitForExitAsync();
    }
}
