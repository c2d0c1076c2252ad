using System.Buffers.Binary;
using MergeBus.Protocol.Lkae;
using MergeBus.Protocol.Tests.Support;
using static MergeBus.Protocol.Tests.Lkae.LkaeTestData;

namespace MergeBus.Protocol.Tests.Lkae;

public class LkaeRoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(64 * 1024)]
    [InlineData(64 * 1024 + 1)]
    public void Plaintext_survives_encryption_and_decryption(int length)
    {
        var plain = Plaintext(length);

        Assert.Equal(plain, Decrypt(Encrypt(plain)));
    }

    [Fact]
    public void An_empty_plaintext_becomes_a_header_with_no_chunks()
    {
        var encrypted = Encrypt([]);

        Assert.Equal((LkaeFormat.HeaderSize, 0), (encrypted.Length, Decrypt(encrypted).Length));
    }

    [Fact]
    public void The_header_follows_the_spec_layout()
    {
        var encrypted = Encrypt(Plaintext(10));

        Assert.True(LkaeFormat.IsLkae(encrypted));
        Assert.Equal((1, 48), (encrypted[4], BinaryPrimitives.ReadUInt16BigEndian(encrypted.AsSpan(5))));
    }

    [Fact]
    public void Chunks_hold_64_KiB_of_plaintext_and_carry_the_nonce_of_their_index()
    {
        var encrypted = Encrypt(Plaintext(3 * 64 * 1024));
        var baseNonce = encrypted.AsSpan(LkaeFormat.HeaderSize - LkaeFormat.NonceSize, LkaeFormat.NonceSize);
        Span<byte> expected = stackalloc byte[LkaeFormat.NonceSize];
        LkaeFormat.ChunkNonce(baseNonce, 2, expected);

        var third = encrypted.AsSpan(ChunkStart(2));
        Assert.Equal(expected.ToArray(), third[..LkaeFormat.NonceSize].ToArray());
        Assert.Equal((uint)LkaeFormat.MaxChunkLength, BinaryPrimitives.ReadUInt32BigEndian(third[LkaeFormat.NonceSize..]));
    }

    [Fact]
    public async Task Five_megabytes_stream_through_a_non_seekable_source_one_chunk_at_a_time()
    {
        var plain = Plaintext(5 * 1024 * 1024 + 123);
        var source = new NonSeekableStream(new MemoryStream(Encrypt(plain)));
        await using var decrypting = new LkaeDecryptingStream(source, Key);
        using var output = new MemoryStream();

        await decrypting.CopyToAsync(output, 4096);

        Assert.Equal(plain, output.ToArray());
        Assert.True(source.LargestReadRequested <= LkaeFormat.MaxChunkLength, $"largest read {source.LargestReadRequested}");
    }

    [Fact]
    public void Synchronous_small_reads_return_the_same_plaintext()
    {
        var plain = Plaintext(200_000);
        using var decrypting = new LkaeDecryptingStream(new NonSeekableStream(new MemoryStream(Encrypt(plain))), Key);
        var output = new MemoryStream();
        var buffer = new byte[7];

        int n;
        while ((n = decrypting.Read(buffer, 0, buffer.Length)) > 0) output.Write(buffer, 0, n);

        Assert.Equal(plain, output.ToArray());
    }

    [Fact]
    public void The_encrypting_stream_accepts_many_small_writes()
    {
        var plain = Plaintext(150_000);
        var output = new MemoryStream();
        using (var encrypting = new LkaeEncryptingStream(output, Key, leaveOpen: true))
        {
            for (var i = 0; i < plain.Length; i += 999)
                encrypting.Write(plain, i, Math.Min(999, plain.Length - i));
        }

        Assert.Equal(plain, Decrypt(output.ToArray()));
    }

    [Fact]
    public void Every_file_gets_a_fresh_data_key_and_nonces()
    {
        var plain = Plaintext(100);

        Assert.NotEqual(Encrypt(plain), Encrypt(plain));
    }

    [Fact]
    public async Task The_convenience_reader_decrypts_what_the_convenience_writer_wrote()
    {
        var plain = Plaintext(70_000);
        var output = new MemoryStream();

        await LkaeReader.DecryptAsync(new MemoryStream(Encrypt(plain)), output, Key);

        Assert.Equal(plain, output.ToArray());
    }
}
