using MergeBus.Storage;

namespace MergeBus.ServiceDefaults.Storage;

/// <summary>
/// The start's access check of the configured store (credential, bucket), begun on the thread pool as the store is
/// opened, so its round trip and the storage SDK's first request overlap the bus's construction on the main thread
/// instead of preceding it (issue 22). A refused credential or missing bucket ends the process (one line, exit code 2);
/// a store that does not answer yet is reported once and left to readiness. Readiness reuses a success
/// (<see cref="Health.StorageHealthCheck"/>) instead of asking again.
/// </summary>
public sealed class StorageStartupCheck
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(30);
    private static readonly Task<long> NotBegun = Task.FromResult(0L);

    /// <summary>The store checked; null until <see cref="Begin"/> (a host that registers its own stores never begins).</summary>
    public IObjectStorage? Store { get; private set; }

    /// <summary>
    /// Completes with <see cref="Environment.TickCount64"/> at the store's answer, or 0 when it did not answer (or
    /// nothing was checked). Never completes on a configuration error: the process exits.
    /// </summary>
    public Task<long> Answered { get; private set; } = NotBegun;

    public void Begin(IObjectStorage store, StorageOptions options)
    {
        Store = store;
        if (store is IStorageAccessCheck check) Answered = Task.Run(() => CheckAsync(check, options));
    }

    private static async Task<long> CheckAsync(IStorageAccessCheck check, StorageOptions options)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CheckTimeout);
            await check.CheckAccessAsync(timeout.Token);
            return Environment.TickCount64;
        }
        catch (StorageConfigurationException bad)
        {
            StorageStartup.ExitWith(bad);
            return 0; // not reached
        }
        catch (Exception e) when (e is StorageException or OperationCanceledException)
        {
            Console.Error.WriteLine($"storage {options} does not answer yet ({e.Message}): readiness waits for it");
            return 0;
        }
    }
}
