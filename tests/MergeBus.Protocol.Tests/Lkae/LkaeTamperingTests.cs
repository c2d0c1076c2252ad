using System.Buffers.Binary;
using MergeBus.Protocol.Lkae;
using static MergeBus.Protocol.Tests.Lkae.LkaeTestData;

namespace MergeBus.Protocol.Tests.Lkae;

public class LkaeTamperingTests
{
    private static string Reject(byte[] encrypted, byte[]? key = null) =>
        Assert.Throws<PermanentMergeException>(() => Decrypt(encrypted, key)).Message;

    [Fact]
    public void Swapped_chunks_are_rejected_as_out_of_order()
    {
        var encrypted = Encrypt(Plaintext(3 * 64 * 1024));
        var first = encrypted.AsSpan(ChunkStart(0), FullChunkSize).ToArray();
        encrypted.AsSpan(ChunkStart(1), FullChunkSize).CopyTo(encrypted.AsSpan(ChunkStart(0)));
        first.CopyTo(encrypted.AsSpan(ChunkStart(1)));

        Assert.Equal("LKAE chunk 0 is out of order", Reject(encrypted));
    }

    [Fact]
    public void A_chunk_whose_nonce_does_not_match_its_index_is_rejected()
    {
        var encrypted = Encrypt(Plaintext(2 * 64 * 1024));
        encrypted[ChunkStart(1) + 3] ^= 0x01;

        Assert.Equal("LKAE chunk 1 is out of order", Reject(encrypted));
    }

    [Fact]
    public void A_repeated_chunk_is_rejected_as_out_of_order()
    {
        var encrypted = Encrypt(Plaintext(2 * 64 * 1024));
        encrypted.AsSpan(ChunkStart(0), FullChunkSize).CopyTo(encrypted.AsSpan(ChunkStart(1)));

        Assert.Equal("LKAE chunk 1 is out of order", Reject(encrypted));
    }

    [Fact]
    public void A_wrong_master_key_is_rejected_without_showing_any_key()
    {
        var message = Reject(Encrypt(Plaintext(100)), OtherKey);

        Assert.Equal("wrong master key: cannot open the file's data key", message);
    }

    [Fact]
    public void A_flipped_ciphertext_byte_is_rejected()
    {
        var encrypted = Encrypt(Plaintext(1000));
        encrypted[ChunkStart(0) + LkaeFormat.ChunkPrefixSize + 10] ^= 0x80;

        Assert.Contains("LKAE chunk 0 failed authentication", Reject(encrypted));
    }

    [Fact]
    public void A_flipped_tag_byte_is_rejected()
    {
        var encrypted = Encrypt(Plaintext(1000));
        encrypted[^1] ^= 0x01;

        Assert.Contains("failed authentication", Reject(encrypted));
    }

    [Fact]
    public void A_file_cut_inside_a_chunk_is_rejected_as_truncated()
    {
        var encrypted = Encrypt(Plaintext(1000));

        Assert.Equal("LKAE chunk 0 is truncated", Reject(encrypted[..^5]));
    }

    [Fact]
    public void A_file_cut_inside_the_header_is_rejected()
    {
        var encrypted = Encrypt(Plaintext(1000));

        Assert.Equal("LKAE header is truncated", Reject(encrypted[..20]));
    }

    [Fact]
    public void An_absurd_chunk_length_is_rejected_before_reading_the_body()
    {
        var encrypted = Encrypt(Plaintext(1000));
        BinaryPrimitives.WriteUInt32BigEndian(encrypted.AsSpan(ChunkStart(0) + LkaeFormat.NonceSize), 0x7FFF_FFFF);

        Assert.Equal("LKAE chunk 0 has an invalid length 2147483647", Reject(encrypted));
    }

    [Fact]
    public void A_file_without_the_magic_is_rejected()
    {
        var encrypted = Encrypt(Plaintext(10));
        encrypted[0] = (byte)'X';

        Assert.Equal("file is not LKAE-encrypted (bad magic)", Reject(encrypted));
    }

    [Fact]
    public void An_unknown_version_is_rejected()
    {
        var encrypted = Encrypt(Plaintext(10));
        encrypted[4] = 2;

        Assert.Equal("LKAE version 2 is not supported", Reject(encrypted));
    }

    [Fact]
    public void A_sealed_key_length_other_than_48_is_rejected()
    {
        var encrypted = Encrypt(Plaintext(10));
        BinaryPrimitives.WriteUInt16BigEndian(encrypted.AsSpan(5), 60000);

        Assert.Contains("sealed data key of 60000 bytes", Reject(encrypted));
    }

    [Fact]
    public void A_failed_stream_keeps_failing_on_later_reads()
    {
        var encrypted = Encrypt(Plaintext(10));
        using var decrypting = new LkaeDecryptingStream(new MemoryStream(encrypted), OtherKey);
        Assert.Throws<PermanentMergeException>(() => decrypting.ReadByte());

        Assert.Throws<PermanentMergeException>(() => decrypting.ReadByte());
    }
}
