using System.Diagnostics.Metrics;

namespace MergeBus.Storage.Transfers;

/// <summary>Bytes every counted store moved through this process, for the storage throughput of the seed's metrics.</summary>
public static class StorageMetrics
{
    public const string MeterName = "MergeBus.Storage";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Downloaded = Meter.CreateCounter<long>("mergebus.storage.downloaded", "By", "Bytes read from storage");
    private static readonly Counter<long> Uploaded = Meter.CreateCounter<long>("mergebus.storage.uploaded", "By", "Bytes written to storage");

    public static void AddDownloaded(long bytes) => Downloaded.Add(bytes);

    public static void AddUploaded(long bytes) => Uploaded.Add(bytes);
}
