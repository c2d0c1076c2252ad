namespace MergeBus.Contracts;

/// <summary>Bytes a step moved through the worker (server-side copies move none).</summary>
public record TransferCounts
{
    public long BytesDownloaded { get; init; }
    public long BytesUploaded { get; init; }

    public static TransferCounts operator +(TransferCounts left, TransferCounts right) => new()
    {
        BytesDownloaded = left.BytesDownloaded + right.BytesDownloaded,
        BytesUploaded = left.BytesUploaded + right.BytesUploaded,
    };
}
