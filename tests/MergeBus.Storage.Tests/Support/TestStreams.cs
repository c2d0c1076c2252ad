using System.Security.Cryptography;

namespace MergeBus.Storage.Tests.Support;

/// <summary>
/// A non-seekable stream of <paramref name="length"/> deterministic bytes that hides its length, like a network
/// body or a pipe; optionally fails with an IOException after <paramref name="failAfter"/> bytes.
/// </summary>
public sealed class PatternStream(long length, long failAfter = long.MaxValue) : Stream
{
    private long _position;

    public static byte ByteAt(long position) => (byte)((position * 31 + (position >> 13)) & 0xFF);

    public static string Sha256Of(long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[64 * 1024];
        for (long done = 0; done < length;)
        {
            var n = (int)Math.Min(chunk.Length, length - done);
            for (var i = 0; i < n; i++)
            {
                chunk[i] = ByteAt(done + i);
            }

            hash.AppendData(chunk, 0, n);
            done += n;
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= failAfter)
        {
            throw new IOException("source failed on purpose");
        }

        // Short reads on purpose: callers must loop, as with real network streams.
        var n = (int)Math.Min(Math.Min(count, 50_000), Math.Min(length, failAfter) - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[offset + i] = ByteAt(_position + i);
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public static class StreamText
{
    public static MemoryStream Of(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    public static async Task<string> ReadAllAsync(IObjectStorage storage, string key)
    {
        await using var stream = await storage.OpenReadAsync(key);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public static async Task<string> Sha256Async(IObjectStorage storage, string key)
    {
        await using var stream = await storage.OpenReadAsync(key);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }
}
