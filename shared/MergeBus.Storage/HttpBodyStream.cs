namespace MergeBus.Storage;

/// <summary>
/// The body of an object download: owns the HTTP response (disposing the stream frees the connection) and reports
/// a connection dropped mid-body as <see cref="StorageTransientException"/>, like any other network failure.
/// </summary>
internal sealed class HttpBodyStream(HttpResponseMessage response, Stream body, string location) : ForwardReadStream
{
    public override long Length => response.Content.Headers.ContentLength ?? throw new NotSupportedException();

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return body.Read(buffer);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
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
        catch (Exception e) when (e is IOException or HttpRequestException)
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

    private StorageTransientException Dropped(Exception e) =>
        new($"read {location}: connection failed while reading the body", e);
}
