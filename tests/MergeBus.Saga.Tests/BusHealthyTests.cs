using MassTransit;
using MergeBus.Steps;

namespace MergeBus.Saga.Tests;

/// <summary>The one wait for the bus that Ingest's after-start work and the Mixer's warm-up share.</summary>
public class BusHealthyTests
{
    [Fact]
    public async Task A_bus_that_was_never_started_is_not_reported_healthy_and_the_wait_ends_when_the_host_stops()
    {
        var bus = Bus.Factory.CreateUsingInMemory(cfg => cfg.ReceiveEndpoint("bus-healthy-never-started", _ => { }));
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        Assert.False(await BusHealthy.WaitAsync(bus, stopped.Token));
    }

    [Fact]
    public async Task A_started_bus_with_its_receive_endpoint_bound_is_reported_healthy()
    {
        var bus = Bus.Factory.CreateUsingInMemory(cfg => cfg.ReceiveEndpoint("bus-healthy-started", _ => { }));
        // Only against a hang: the wait itself has no time limit.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(patience.Token);
        try
        {
            Assert.True(await BusHealthy.WaitAsync(bus, patience.Token));
            Assert.Equal(BusHealthStatus.Healthy, bus.CheckHealth().Status);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
