using Amazon.S3.Model;

namespace MergeBus.Storage;

/// <summary>
/// The body of a GetObject: owns the response (so disposing the stream frees the connection) and reports a
/// connection dropped mid-body as <see cref="StorageTransientException"/>, like any other network failure.
/// </summary>
internal sealed class S3ResponseStream(GetObjectResponse response, string location) : ForwardReadStream
{
    private readonly Stream _body = response.ResponseStream;

    public override long Length => response.ContentLength;

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _body.Read(buffer);
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
            return await _body.ReadAsync(buffer, cancellationToken);
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
            response.Dispose();
        }

        base.Dispose(disposing);
    }

    private StorageTransientException Dropped(Exception e) =>
        new($"s3 read {location}: connection failed while reading the body", e);
}
