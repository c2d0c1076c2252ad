using System.Buffers.Binary;

namespace MergeBus.Protocol.Lkae;

/// <summary>
/// LKAE v1 (spec §4): "LKAE" | u8 1 | u16 BE n | sealed DEK (n) | DEK nonce (12) | base nonce (12),
/// then chunks of nonce (12) | u32 BE length | AES-256-GCM ciphertext+tag of at most 64 KiB.
/// </summary>
public static class LkaeFormat
{
    public const byte Version = 1;
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int SealedKeySize = KeySize + TagSize;
    public const int MaxPlaintextChunk = 64 * 1024;
    public const int MaxChunkLength = MaxPlaintextChunk + TagSize;
    /// <summary>Magic, version, n, sealed DEK, two nonces.</summary>
    public const int HeaderSize = 4 + 1 + 2 + SealedKeySize + NonceSize + NonceSize;
    public const int ChunkPrefixSize = NonceSize + 4;

    public static ReadOnlySpan<byte> Magic => "LKAE"u8;

    /// <summary>True when the first bytes of a file are the LKAE magic.</summary>
    public static bool IsLkae(ReadOnlySpan<byte> first4) => first4.Length >= 4 && first4[..4].SequenceEqual(Magic);

    /// <summary>The only nonce chunk <paramref name="index"/> may carry: base XOR big-endian index in bytes 0..7.</summary>
    public static void ChunkNonce(ReadOnlySpan<byte> baseNonce, ulong index, Span<byte> nonce)
    {
        baseNonce[..NonceSize].CopyTo(nonce);
        var counter = BinaryPrimitives.ReadUInt64BigEndian(nonce) ^ index;
        BinaryPrimitives.WriteUInt64BigEndian(nonce, counter);
    }
}
