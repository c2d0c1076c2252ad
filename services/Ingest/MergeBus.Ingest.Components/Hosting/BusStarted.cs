using MassTransit;

namespace MergeBus.Ingest.Components.Hosting;

/// <summary>
/// Waits until the bus is no longer unhealthy: every receive endpoint is bound. Ingest's background work starts then,
/// not beside the host's start: the queue listener, so that no job is published before the saga's queue is bound;
/// the staging sweep and the queue gauges, so that their first store listing and Redis reads take no CPU from the
/// start before ready (issue 22). The bus is the last of readiness to turn, so this is also when Ingest answers ready.
/// </summary>
public static class BusStarted
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <returns>False when stopped first.</returns>
    public static async Task<bool> WaitAsync(IBusControl bus, CancellationToken stoppingToken)
    {
        try
        {
            while (bus.CheckHealth().Status == BusHealthStatus.Unhealthy)
                await Task.Delay(Poll, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
