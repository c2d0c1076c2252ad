using MergeBus.Mixer.Components;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Components.WarmUp;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Tests.WarmUp;

/// <summary>A fresh Mixer's warm-up: a real mix of a synthetic session that leaves nothing behind and never stops the host.</summary>
public sealed class MixerWarmUpTests : IDisposable
{
    private readonly TempFolder folder = new("warm-up");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_warm_up_mixes_its_synthetic_session_and_leaves_no_file_or_folder_behind()
    {
        var logger = new WarmUpLines();
        var worker = new WorkerSettings { TempDirectory = folder.Path };
        var warmUp = new MixerWarmUp(new RoomMixBuilder(), worker, MergeLimits.Default, logger);

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.StartedAsync(CancellationToken.None);
        await warmUp.Completion;

        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Text.StartsWith("Mixer warmed up in", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(TrackMixer.MixWorkRoot(worker)));
    }

    [Fact]
    public async Task A_warm_up_gives_way_to_the_first_job_without_a_warning_and_leaves_nothing_behind()
    {
        var logger = new WarmUpLines();
        var worker = new WorkerSettings { TempDirectory = folder.Path };
        var gate = new MixerWarmUpGate();
        var warmUp = new MixerWarmUp(new RoomMixBuilder(), worker, MergeLimits.Default, logger, gate: gate);

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.StartedAsync(CancellationToken.None);
        gate.GiveWay();
        await warmUp.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Text.StartsWith("Mixer warm-up gave way to the first job", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Text.StartsWith("Mixer warmed up in", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
        await warmUp.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failed_warm_up_logs_one_warning_with_its_reason_and_the_start_goes_on()
    {
        var logger = new WarmUpLines();
        var worker = new WorkerSettings { TempDirectory = folder.Path };
        var warmUp = new MixerWarmUp(new FailingBuilder(), worker, MergeLimits.Default, logger);

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.StartedAsync(CancellationToken.None);
        await warmUp.Completion;

        var warning = Assert.Single(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Contains("no libopus here", warning.Text);
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
        await warmUp.StopAsync(CancellationToken.None);
    }

    /// <summary>A fault the real builder cannot be made to throw on a well-formed session.</summary>
    private sealed class FailingBuilder : IRoomMixBuilder
    {
        public Task<MixResult> BuildAsync(MixRequest request, IProgress<double>? progress, CancellationToken cancellationToken) =>
            throw new DllNotFoundException("no libopus here");
    }
}
