using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MergeBus.Protocol.Lkae;

/// <summary>
/// Writes an LKAE v1 file (spec §4) with a fresh random data key and nonces, in 64 KiB chunks. Call
/// <see cref="FinishAsync"/> (or dispose) to write the last chunk; an empty plaintext gives a header and no chunks.
/// </summary>
public sealed class LkaeEncryptingStream : Stream
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly AesGcm _dek;
    private readonly byte[] _baseNonce = new byte[LkaeFormat.NonceSize];
    private readonly byte[] _header = new byte[LkaeFormat.HeaderSize];
    private readonly byte[] _plain = new byte[LkaeFormat.MaxPlaintextChunk];
    // Room for the header too: it goes out in the same write as the first chunk.
    private readonly byte[] _chunk = new byte[LkaeFormat.HeaderSize + LkaeFormat.ChunkPrefixSize + LkaeFormat.MaxChunkLength];
    private int _plainCount;
    private ulong _index;
    private bool _headerWritten;
    private bool _finished;
    private bool _disposed;

    public LkaeEncryptingStream(Stream output, ReadOnlySpan<byte> masterKey, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        MasterKey.Check(masterKey);
        _output = output;
        _leaveOpen = leaveOpen;

        Span<byte> dek = stackalloc byte[LkaeFormat.KeySize];
        RandomNumberGenerator.Fill(dek);
        RandomNumberGenerator.Fill(_baseNonce);
        try
        {
            WriteHeader(masterKey, dek);
            _dek = new AesGcm(dek, LkaeFormat.TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dek);
        }
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_finished && !_disposed;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();
        while (!buffer.IsEmpty)
        {
            var n = Take(buffer);
            buffer = buffer[n..];
            if (_plainCount == _plain.Length) EmitChunk(useAsync: false, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        while (!buffer.IsEmpty)
        {
            var n = Take(buffer.Span);
            buffer = buffer[n..];
            if (_plainCount == _plain.Length) await EmitChunk(useAsync: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the header (if nothing was written yet) and the last partial chunk, then flushes.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished) return;
        await EmitChunk(useAsync: true, cancellationToken).ConfigureAwait(false);
        _finished = true;
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Synchronous <see cref="FinishAsync"/>.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished) return;
        EmitChunk(useAsync: false, CancellationToken.None).GetAwaiter().GetResult();
        _finished = true;
        _output.Flush();
    }

    /// <summary>Flushes what is already sealed; a partial chunk waits for more data or for Finish.</summary>
    public override void Flush() => _output.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            try
            {
                Finish();
            }
            finally
            {
                Release();
                if (!_leaveOpen) _output.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            try
            {
                await FinishAsync().ConfigureAwait(false);
            }
            finally
            {
                Release();
                if (!_leaveOpen) await _output.DisposeAsync().ConfigureAwait(false);
            }
        }
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        _disposed = true;
        _dek.Dispose();
        CryptographicOperations.ZeroMemory(_plain);
    }

    private void ThrowIfClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished) throw new InvalidOperationException("the LKAE stream is already finished");
    }

    private int Take(ReadOnlySpan<byte> data)
    {
        var n = Math.Min(data.Length, _plain.Length - _plainCount);
        data[..n].CopyTo(_plain.AsSpan(_plainCount));
        _plainCount += n;
        return n;
    }

    private void WriteHeader(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> dek)
    {
        var span = _header.AsSpan();
        LkaeFormat.Magic.CopyTo(span);
        span[4] = LkaeFormat.Version;
        BinaryPrimitives.WriteUInt16BigEndian(span[5..7], LkaeFormat.SealedKeySize);
        var sealedKey = span.Slice(7, LkaeFormat.SealedKeySize);
        var dekNonce = span.Slice(7 + LkaeFormat.SealedKeySize, LkaeFormat.NonceSize);
        RandomNumberGenerator.Fill(dekNonce);
        _baseNonce.CopyTo(span[(7 + LkaeFormat.SealedKeySize + LkaeFormat.NonceSize)..]);
        using var master = new AesGcm(masterKey, LkaeFormat.TagSize);
        master.Encrypt(dekNonce, dek, sealedKey[..LkaeFormat.KeySize], sealedKey[LkaeFormat.KeySize..]);
    }

    /// <summary>Writes the header once, then the buffered plaintext as one chunk when there is any.</summary>
    private async ValueTask EmitChunk(bool useAsync, CancellationToken cancellationToken)
    {
        var length = 0;
        if (!_headerWritten)
        {
            _header.CopyTo(_chunk, 0);
            length = _header.Length;
            _headerWritten = true;
        }
        if (_plainCount > 0)
        {
            var chunk = _chunk.AsSpan(length);
            LkaeFormat.ChunkNonce(_baseNonce, _index, chunk[..LkaeFormat.NonceSize]);
            BinaryPrimitives.WriteUInt32BigEndian(chunk[LkaeFormat.NonceSize..], (uint)(_plainCount + LkaeFormat.TagSize));
            var body = chunk[LkaeFormat.ChunkPrefixSize..];
            _dek.Encrypt(chunk[..LkaeFormat.NonceSize], _plain.AsSpan(0, _plainCount), body[.._plainCount],
                body.Slice(_plainCount, LkaeFormat.TagSize));
            length += LkaeFormat.ChunkPrefixSize + _plainCount + LkaeFormat.TagSize;
            _plainCount = 0;
            _index++;
        }
        if (length == 0) return;
        if (useAsync) await _output.WriteAsync(_chunk.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        else _output.Write(_chunk, 0, length);
    }
}
