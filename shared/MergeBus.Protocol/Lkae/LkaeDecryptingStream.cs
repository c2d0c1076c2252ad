using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MergeBus.Protocol.Lkae;

/// <summary>
/// Reads the plaintext of an LKAE v1 file (spec §4) chunk by chunk: memory stays at one chunk whatever the file
/// size, and the source may be non-seekable. Every chunk must carry the nonce of its index, so reordered or
/// replayed chunks fail. A file cut at a chunk boundary reads as shorter; the manifest's sha256 catches that.
/// </summary>
public sealed class LkaeDecryptingStream : Stream
{
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly byte[] _masterKey = new byte[LkaeFormat.KeySize];
    private readonly byte[] _baseNonce = new byte[LkaeFormat.NonceSize];
    private readonly byte[] _chunk = new byte[LkaeFormat.ChunkPrefixSize + LkaeFormat.MaxChunkLength];
    private readonly byte[] _plain = new byte[LkaeFormat.MaxPlaintextChunk];
    private AesGcm? _dek;
    private int _plainOffset;
    private int _plainCount;
    private ulong _index;
    private bool _ended;
    private PermanentMergeException? _failure;
    private bool _disposed;

    public LkaeDecryptingStream(Stream source, ReadOnlySpan<byte> masterKey, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        MasterKey.Check(masterKey);
        _source = source;
        _leaveOpen = leaveOpen;
        masterKey.CopyTo(_masterKey);
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        // Synchronous: every await inside completes at once when useAsync is false.
        if (!EnsurePlaintextAsync(useAsync: false, CancellationToken.None).GetAwaiter().GetResult()) return 0;
        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        if (!await EnsurePlaintextAsync(useAsync: true, cancellationToken).ConfigureAwait(false)) return 0;
        return CopyOut(buffer.Span);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            _dek?.Dispose();
            CryptographicOperations.ZeroMemory(_masterKey);
            CryptographicOperations.ZeroMemory(_plain);
            if (!_leaveOpen) _source.Dispose();
        }
        base.Dispose(disposing);
    }

    private int CopyOut(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _plainCount - _plainOffset);
        _plain.AsSpan(_plainOffset, n).CopyTo(destination);
        _plainOffset += n;
        return n;
    }

    /// <summary>True when plaintext is waiting; false at the end of the file.</summary>
    private async ValueTask<bool> EnsurePlaintextAsync(bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is not null) throw _failure;
        try
        {
            while (_plainOffset == _plainCount)
            {
                if (_ended) return false;
                if (_dek is null) await ReadHeaderAsync(useAsync, cancellationToken).ConfigureAwait(false);
                else if (!await ReadChunkAsync(useAsync, cancellationToken).ConfigureAwait(false)) _ended = true;
            }
            return true;
        }
        catch (PermanentMergeException ex)
        {
            _failure = ex;
            throw;
        }
    }

    private async ValueTask ReadHeaderAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var header = _chunk.AsMemory(0, LkaeFormat.HeaderSize);
        var got = await ReadUpToAsync(header[..7], useAsync, cancellationToken).ConfigureAwait(false);
        if (got >= 4 && !LkaeFormat.IsLkae(header.Span))
            throw new PermanentMergeException("file is not LKAE-encrypted (bad magic)");
        if (got < 7)
            throw new PermanentMergeException("LKAE header is truncated");
        if (header.Span[4] != LkaeFormat.Version)
            throw new PermanentMergeException($"LKAE version {header.Span[4]} is not supported");
        var sealedLength = BinaryPrimitives.ReadUInt16BigEndian(header.Span[5..7]);
        if (sealedLength != LkaeFormat.SealedKeySize)
            throw new PermanentMergeException(
                $"LKAE header has a sealed data key of {sealedLength} bytes, expected {LkaeFormat.SealedKeySize}");
        if (await ReadUpToAsync(header[7..], useAsync, cancellationToken).ConfigureAwait(false) < header.Length - 7)
            throw new PermanentMergeException("LKAE header is truncated");

        var span = header.Span;
        var sealedKey = span.Slice(7, LkaeFormat.SealedKeySize);
        var dekNonce = span.Slice(7 + LkaeFormat.SealedKeySize, LkaeFormat.NonceSize);
        span.Slice(7 + LkaeFormat.SealedKeySize + LkaeFormat.NonceSize, LkaeFormat.NonceSize).CopyTo(_baseNonce);
        _dek = UnsealDataKey(sealedKey, dekNonce);
    }

    private AesGcm UnsealDataKey(ReadOnlySpan<byte> sealedKey, ReadOnlySpan<byte> dekNonce)
    {
        Span<byte> dek = stackalloc byte[LkaeFormat.KeySize];
        try
        {
            using var master = new AesGcm(_masterKey, LkaeFormat.TagSize);
            master.Decrypt(dekNonce, sealedKey[..LkaeFormat.KeySize], sealedKey[LkaeFormat.KeySize..], dek);
            return new AesGcm(dek, LkaeFormat.TagSize);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new PermanentMergeException("wrong master key: cannot open the file's data key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dek);
            CryptographicOperations.ZeroMemory(_masterKey);
        }
    }

    /// <summary>False at a clean end of file (no bytes where the next chunk would start).</summary>
    private async ValueTask<bool> ReadChunkAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var prefix = _chunk.AsMemory(0, LkaeFormat.ChunkPrefixSize);
        var got = await ReadUpToAsync(prefix, useAsync, cancellationToken).ConfigureAwait(false);
        if (got == 0) return false;
        if (got < prefix.Length) throw Truncated();

        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix.Span[LkaeFormat.NonceSize..]);
        // Checked before reading the body: an absurd length must not drive an allocation or a long read.
        if (length < LkaeFormat.TagSize || length > LkaeFormat.MaxChunkLength)
            throw new PermanentMergeException($"LKAE chunk {_index} has an invalid length {length}");

        Span<byte> expected = stackalloc byte[LkaeFormat.NonceSize];
        LkaeFormat.ChunkNonce(_baseNonce, _index, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, prefix.Span[..LkaeFormat.NonceSize]))
            throw new PermanentMergeException($"LKAE chunk {_index} is out of order");

        var body = _chunk.AsMemory(LkaeFormat.ChunkPrefixSize, (int)length);
        if (await ReadUpToAsync(body, useAsync, cancellationToken).ConfigureAwait(false) < body.Length) throw Truncated();

        var plainLength = (int)length - LkaeFormat.TagSize;
        try
        {
            _dek!.Decrypt(_chunk.AsSpan(0, LkaeFormat.NonceSize), body.Span[..plainLength], body.Span[plainLength..],
                _plain.AsSpan(0, plainLength));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new PermanentMergeException($"LKAE chunk {_index} failed authentication: the file is corrupt or was tampered with");
        }

        _plainOffset = 0;
        _plainCount = plainLength;
        _index++;
        return true;
    }

    private PermanentMergeException Truncated() => new($"LKAE chunk {_index} is truncated");

    private async ValueTask<int> ReadUpToAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken) =>
        useAsync
            ? await _source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
            : _source.ReadAtLeast(buffer.Span, buffer.Length, throwOnEndOfStream: false);
}
