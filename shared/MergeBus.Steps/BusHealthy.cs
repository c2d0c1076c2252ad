using MassTransit;

namespace MergeBus.Steps;

/// <summary>
/// Waits until the bus reports <see cref="BusHealthStatus.Healthy"/>: started, and every receive endpoint bound and
/// consuming. Not merely "no longer unhealthy": while endpoints come up one by one the bus reports Degraded, and a job
/// published then could reach an exchange whose queue is not bound yet. The one wait every service's after-start work
/// uses (Ingest's queue listener, staging sweep and gauges; the Mixer's warm-up), so none of it takes CPU from the
/// start before ready: the bus is the last of readiness to turn.
/// </summary>
public static class BusHealthy
{
    // MassTransit's own WaitForHealthStatus polls at the same pace; this one also stops with the host.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <returns>True once healthy; false when <paramref name="stoppingToken"/> fired or <paramref name="patience"/> ran out first.</returns>
    public static async Task<bool> WaitAsync(IBusControl bus, CancellationToken stoppingToken, TimeSpan? patience = null)
    {
        var deadline = patience is { } limit ? Environment.TickCount64 + (long)limit.TotalMilliseconds : long.MaxValue;
        try
        {
            while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
            {
                if (Environment.TickCount64 >= deadline) return false;
                await Task.Delay(Poll, stoppingToken);
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
