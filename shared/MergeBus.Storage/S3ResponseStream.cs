using Amazon.S3.Model;

namespace MergeBus.Storage;

/// <summary>
/// The body of a GetObject: owns the response (so disposing the stream frees the connection) and reports a
/// connection dropped mid-body as <see cref="StorageTransientException"/>, like any other network failure.
/// </summary>
internal sealed class S3ResponseStream(GetObjectResponse response, string location) : Stream
{
    private readonly Stream _body = response.ResponseStream;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => response.ContentLength;

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return _body.Read(buffer, offset, count);
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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
