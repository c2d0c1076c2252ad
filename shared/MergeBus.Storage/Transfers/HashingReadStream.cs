using System.Security.Cryptography;

namespace MergeBus.Storage.Transfers;

/// <summary>
/// Reads through to an inner stream, hashing and counting every byte on the way. It reads at most
/// <c>maxBytes</c> (then reports the end, so an endless source cannot fill a disk) and gives every asynchronous
/// read <c>readDeadline</c> (so a stalled source cannot hold a worker).
/// </summary>
public sealed class HashingReadStream(Stream inner, long maxBytes = long.MaxValue, TimeSpan? readDeadline = null) : ForwardReadStream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly TimeSpan deadline = readDeadline ?? Timeout.InfiniteTimeSpan;

    public long BytesRead { get; private set; }

    public string HashHex() => Convert.ToHexStringLower(hash.GetCurrentHash());

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..Allowed(buffer.Length)]);
        Account(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        buffer = buffer[..Allowed(buffer.Length)];
        if (buffer.IsEmpty) return 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageTransientException($"no bytes arrived within {deadline.TotalSeconds:F0} s");
        }

        Account(buffer.Span[..read]);
        return read;
    }

    private int Allowed(int wanted) => (int)Math.Min(wanted, maxBytes - BytesRead);

    private void Account(ReadOnlySpan<byte> data)
    {
        hash.AppendData(data);
        BytesRead += data.Length;
    }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
