using System.Diagnostics.Metrics;

namespace MergeBus.Storage.Transfers;

/// <summary>Bytes every counted store moved through this process, for the storage throughput of the seed's metrics.</summary>
public static class StorageMetrics
{
    public const string MeterName = "MergeBus.Storage";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Downloaded = Meter.CreateCounter<long>("mergebus.storage.downloaded", "By", "Bytes read from storage");
    private static readonly Counter<long> Uploaded = Meter.CreateCounter<long>("mergebus.storage.uploaded", "By", "Bytes written to storage");

    // Set on one async flow only (a Mixer's warm-up, which is no job): its bytes are no storage throughput.
    private static readonly AsyncLocal<bool> Suppressed = new();

    public static void AddDownloaded(long bytes)
    {
        if (!Suppressed.Value) Downloaded.Add(bytes);
    }

    public static void AddUploaded(long bytes)
    {
        if (!Suppressed.Value) Uploaded.Add(bytes);
    }

    /// <summary>Bytes moved on this async flow until the scope is disposed are not counted.</summary>
    public static IDisposable Uncounted()
    {
        Suppressed.Value = true;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Suppressed.Value = false;
    }
}
