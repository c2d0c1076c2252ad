using MergeBus.ServiceDefaults.Hosting;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;

namespace MergeBus.ServiceDefaults.Storage;

/// <summary>
/// Opens the configured store once, at start, and proves it works before any job is taken: a refused credential or a
/// missing bucket ends the process with one "configuration error: KEY …" line (exit code 2), never a failure per job.
/// A store that does not answer yet is not a configuration error: the process starts and readiness
/// (<see cref="Health.StorageHealthCheck"/>) stays red until it answers.
/// </summary>
public static class StorageStartup
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(30);

    public static MergeStores OpenOrExit(StorageOptions options)
    {
        try
        {
            var store = ObjectStorageFactory.Create(options);
            if (store is IStorageAccessCheck check)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(CheckTimeout);
                    check.CheckAccessAsync(timeout.Token).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is StorageException and not StorageConfigurationException or OperationCanceledException)
                {
                    Console.Error.WriteLine($"storage {options} does not answer yet ({e.Message}): readiness waits for it");
                }
            }

            // One store holds recordings and staging/<job>/try-N/, so publishing is a server-side copy.
            return new MergeStores(store, store) { ManifestWrite = options.ManifestWrite };
        }
        catch (StorageConfigurationException bad)
        {
            Console.Error.WriteLine($"configuration error: {bad.Message}");
            Environment.Exit(ServiceDefaultsExtensions.ConfigurationErrorExitCode);
            throw; // not reached
        }
    }
}
