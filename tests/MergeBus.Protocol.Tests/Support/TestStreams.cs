namespace MergeBus.Protocol.Tests.Support;

/// <summary>A read-only, forward-only view of another stream, like a network response body.</summary>
public sealed class NonSeekableStream(Stream inner) : Stream
{
    /// <summary>The largest single read a caller asked for: shows how much the reader buffers at once.</summary>
    public int LargestReadRequested { get; private set; }
    public long TotalRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        LargestReadRequested = Math.Max(LargestReadRequested, buffer.Length);
        var n = inner.Read(buffer);
        TotalRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        LargestReadRequested = Math.Max(LargestReadRequested, buffer.Length);
        var n = await inner.ReadAsync(buffer, cancellationToken);
        TotalRead += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
