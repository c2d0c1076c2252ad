using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MergeBus.ServiceDefaults.Health;

/// <summary>Healthy while the store accepts our credentials and its bucket exists (one cheap request).</summary>
public sealed class StorageHealthCheck(MergeStores stores) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (stores.Recordings is not IStorageAccessCheck check) return HealthCheckResult.Healthy(stores.Recordings.Describe());
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await check.CheckAccessAsync(timeout.Token);
            return HealthCheckResult.Healthy(stores.Recordings.Describe());
        }
        catch (StorageConfigurationException bad)
        {
            return HealthCheckResult.Unhealthy(bad.Message);
        }
        catch (Exception e) when (e is StorageException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{stores.Recordings.Describe()} does not answer: {e.GetType().Name}");
        }
    }
}
