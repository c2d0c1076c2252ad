using MassTransit;
using MergeBus.Mixer.Components;
using MergeBus.Mixer.Components.Consumers;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Components.WarmUp;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Testing.Bus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Tests.WarmUp;

/// <summary>
/// The warm-up on a running bus (the test harness, with the Mixer's consumer on it): nothing leaves the process, the
/// consume pipe's private mediator included.
/// </summary>
public sealed class MixerWarmUpBusTests : IDisposable
{
    private readonly TempFolder folder = new("warm-up-bus");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_warm_up_on_a_running_bus_publishes_sends_and_consumes_no_message()
    {
        var jobs = new ScriptedTrackMixer((_, command) => ScriptedTrackMixer.Mixed(command));
        await using var test = await ConsumerTestBus.StartAsync(
            services => services.AddSingleton<ITrackMixer>(jobs),
            bus => bus.AddConsumer<MixTracksConsumer>());
        var logger = new WarmUpLines();
        var warmUp = new MixerWarmUp(new RoomMixBuilder(), new WorkerSettings { TempDirectory = folder.Path }, MergeLimits.Default, logger,
            bus: (IBusControl)test.Harness.Bus);

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.StartedAsync(CancellationToken.None);
        await warmUp.Completion;
        await test.Harness.InactivityTask;

        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Information && l.Text.StartsWith("Mixer warmed up in", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Empty(test.Harness.Published.Select(_ => true));
        Assert.Empty(test.Harness.Sent.Select(_ => true));
        Assert.Empty(test.Harness.Consumed.Select(_ => true));
        Assert.Equal(0, jobs.Calls);
        await warmUp.StopAsync(CancellationToken.None);
    }
}
