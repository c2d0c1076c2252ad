using Azure;
using Azure.Storage.Blobs.Models;

namespace MergeBus.Storage.Azure;

/// <summary>A blob download's body; a connection dropped mid-body is a <see cref="StorageTransientException"/>.</summary>
internal sealed class AzureBodyStream(BlobDownloadStreamingResult download, string location) : ForwardReadStream
{
    private readonly Stream _body = download.Content;

    public override long Length => download.Details.ContentLength;

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _body.Read(buffer);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or RequestFailedException)
        {
            throw Dropped(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _body.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or RequestFailedException)
        {
            throw Dropped(e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            download.Dispose();
        }

        base.Dispose(disposing);
    }

    private StorageTransientException Dropped(Exception e) =>
        new($"azure read {location}: connection failed while reading the body", e);
}
