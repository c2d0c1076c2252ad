using MergeBus.ServiceDefaults.Storage;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MergeBus.ServiceDefaults.Health;

/// <summary>
/// Healthy while the store accepts our credentials and its bucket exists (one cheap request). A success is trusted for a
/// minute, so frequent probes neither load the store nor turn red because one request was slow. The start's own check
/// (<see cref="StorageStartupCheck"/>) counts as such a success: the first probe does not ask the store again.
/// </summary>
public sealed class StorageHealthCheck(MergeStores stores, StorageStartupCheck? startup = null) : IHealthCheck
{
    private static readonly TimeSpan TrustSuccessFor = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    // Static: the health check service creates a fresh instance per probe; a process has one store.
    private static long _lastSuccessTicks;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (stores.Recordings is not IStorageAccessCheck check) return HealthCheckResult.Healthy(stores.Recordings.Describe());
        if (startup is not null && ReferenceEquals(startup.Store, stores.Recordings))
        {
            try
            {
                // Ready waits for the start's verdict rather than asking beside it.
                var answeredAt = await startup.Answered.WaitAsync(Patience, cancellationToken);
                if (answeredAt != 0 && Interlocked.Read(ref _lastSuccessTicks) == 0)
                    Interlocked.CompareExchange(ref _lastSuccessTicks, answeredAt, 0);
            }
            catch (TimeoutException)
            {
                return HealthCheckResult.Unhealthy($"{stores.Recordings.Describe()} has not answered the start's check yet");
            }
        }
        if (Environment.TickCount64 - Interlocked.Read(ref _lastSuccessTicks) < (long)TrustSuccessFor.TotalMilliseconds
            && Interlocked.Read(ref _lastSuccessTicks) != 0)
            return HealthCheckResult.Healthy(stores.Recordings.Describe());
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
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
