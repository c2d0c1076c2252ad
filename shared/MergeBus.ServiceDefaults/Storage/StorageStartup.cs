using MergeBus.ServiceDefaults.Hosting;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;

namespace MergeBus.ServiceDefaults.Storage;

/// <summary>
/// Opens the configured store once, at start, and proves it works before any job is taken: a refused credential or a
/// missing bucket ends the process with one "configuration error: KEY …" line (exit code 2), never a failure per job.
/// The proof (one request) runs on the thread pool beside the rest of the start (<see cref="StorageStartupCheck"/>);
/// <see cref="StorageStartupProbe"/> waits for its verdict before the bus starts.
/// </summary>
public static class StorageStartup
{
    public static MergeStores OpenOrExit(StorageOptions options, StorageStartupCheck check)
    {
        IObjectStorage store;
        try
        {
            store = ObjectStorageFactory.Create(options);
        }
        catch (StorageConfigurationException bad)
        {
            ExitWith(bad);
            throw; // not reached
        }
        check.Begin(store, options);
        // One store holds recordings and staging/<job>/try-N/, so publishing is a server-side copy.
        return new MergeStores(store, store) { ManifestWrite = options.ManifestWrite };
    }

    /// <summary>One "configuration error: …" line on stderr, exit code 2; from any thread.</summary>
    internal static void ExitWith(StorageConfigurationException bad)
    {
        Console.Error.WriteLine($"configuration error: {bad.Message}");
        Environment.Exit(ServiceDefaultsExtensions.ConfigurationErrorExitCode);
    }
}
