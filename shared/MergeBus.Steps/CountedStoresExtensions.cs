using MergeBus.Contracts;
using MergeBus.Storage.Transfers;

namespace MergeBus.Steps;

public static class CountedStoresExtensions
{
    /// <summary>What a step's reply reports it moved through this worker.</summary>
    public static TransferCounts Transfer(this CountedStores counted) => new()
    {
        BytesDownloaded = counted.BytesDownloaded,
        BytesUploaded = counted.BytesUploaded,
    };
}
