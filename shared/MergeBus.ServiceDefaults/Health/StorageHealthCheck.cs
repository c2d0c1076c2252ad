using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MergeBus.ServiceDefaults.Health;

/// <summary>
/// Healthy while the store accepts our credentials and its bucket exists (one cheap request). A success is trusted for a
/// minute, so frequent probes neither load the store nor turn red because one request was slow.
/// </summary>
public sealed class StorageHealthCheck(MergeStores stores) : IHealthCheck
{
    private static readonly TimeSpan TrustSuccessFor = TimeSpan.FromMinutes(1);
    // Static: the health check service creates a fresh instance per probe; a process has one store.
    private static long _lastSuccessTicks;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (stores.Recordings is not IStorageAccessCheck check) return HealthCheckResult.Healthy(stores.Recordings.Describe());
        if (Environment.TickCount64 - Interlocked.Read(ref _lastSuccessTicks) < (long)TrustSuccessFor.TotalMilliseconds
            && Interlocked.Read(ref _lastSuccessTicks) != 0)
            return HealthCheckResult.Healthy(stores.Recordings.Describe());
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await check.CheckAccessAsync(timeout.Token);
            Interlocked.Exchange(ref _lastSuccessTicks, Environment.TickCount64);
            return HealthCheckResult.Healthy(stores.Recordings.Describe());
        }
        catch (StorageConfigurationException bad)
        {
            return HealthCheckResult.Unhealthy(bad.Message);
        }
        catch (Exception e) when (e is StorageException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{stores.Recordings.Describe()} does not answer: {e.Message}");
        }
    }
}
