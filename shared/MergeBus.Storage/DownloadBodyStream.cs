namespace MergeBus.Storage;

/// <summary>
/// The body of an object download from any bucket store: owns the SDK's response (disposing the stream frees the
/// connection) and reports a connection dropped mid-body as <see cref="StorageTransientException"/>, like any other
/// network failure.
/// </summary>
internal sealed class DownloadBodyStream(Stream body, long? length, IDisposable response, string location,
    Func<Exception, bool>? isNetworkFailure = null) : ForwardReadStream
{
    public override long Length => length ?? throw new NotSupportedException();

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return body.Read(buffer);
        }
        catch (Exception e) when (IsDropped(e))
        {
            throw Dropped(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (IsDropped(e))
        {
            throw Dropped(e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool IsDropped(Exception e) => e is IOException or HttpRequestException || isNetworkFailure?.Invoke(e) == true;

    private StorageTransientException Dropped(Exception e) => new($"read {location}: connection failed while reading the body", e);
}
