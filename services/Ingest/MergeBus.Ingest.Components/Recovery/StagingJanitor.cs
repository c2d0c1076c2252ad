using MassTransit;
using MergeBus.Steps;
using MergeBus.Storage.Transfers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.Ingest.Components.Recovery;

/// <summary>
/// Deletes objects under staging/ (<see cref="StagingKeys"/>) older than <c>mergebus.staging_retention</c>: leftovers of attempts whose process
/// died before the Publisher (or the failure path) cleaned them. A bucket lifecycle rule on staging/ does the
/// same job; this is for stores without one. Runs in Ingest, hourly.
/// </summary>
public sealed class StagingJanitor(MergeStores stores, IngestOptions options, IBusControl bus, ILogger<StagingJanitor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first sweep lists all of staging/: after the start, not during it (BusHealthy).
        if (!await BusHealthy.WaitAsync(bus, stoppingToken)) return;
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                var removed = await SweepAsync(DateTimeOffset.UtcNow - options.StagingRetention, stoppingToken);
                if (removed > 0) logger.LogInformation("Removed {Count} orphaned staging objects", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Staging cleanup failed: {Reason}", e.Message.Split('\n', 2)[0]);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public async Task<int> SweepAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var item in await stores.Staging.ListAsync(StagingKeys.Root, cancellationToken))
        {
            if (item.LastModified >= olderThan) continue;
            await stores.Staging.DeleteAsync(item.Key, cancellationToken);
            removed++;
        }
        return removed;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
