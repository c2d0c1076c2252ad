namespace MergeBus.Storage.Transfers;

/// <summary>
/// The stores of one job's step, counting what passes through this worker. When staging and recordings are one
/// store they stay one (wrapped once), so copies between them remain server-side.
/// </summary>
public sealed class CountedStores
{
    private readonly CountingObjectStorage recordings;
    private readonly CountingObjectStorage staging;

    public CountedStores(MergeStores stores)
    {
        recordings = new CountingObjectStorage(stores.Recordings);
        staging = stores.StagingIsRecordings ? recordings : new CountingObjectStorage(stores.Staging);
        Stores = new MergeStores(recordings, staging) { ManifestWrite = stores.ManifestWrite };
    }

    public MergeStores Stores { get; }

    public long BytesDownloaded => recordings.BytesDownloaded + (ReferenceEquals(staging, recordings) ? 0 : staging.BytesDownloaded);

    public long BytesUploaded => recordings.BytesUploaded + (ReferenceEquals(staging, recordings) ? 0 : staging.BytesUploaded);
}
