using MergeBus.Protocol.Lkae;

namespace MergeBus.Protocol.Tests.Lkae;

internal static class LkaeTestData
{
    public static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] OtherKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    public static byte[] Plaintext(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    public static byte[] Encrypt(byte[] plain, byte[]? key = null)
    {
        using var output = new MemoryStream();
        LkaeWriter.EncryptAsync(new MemoryStream(plain), output, key ?? Key).GetAwaiter().GetResult();
        return output.ToArray();
    }

    public static byte[] Decrypt(byte[] encrypted, byte[]? key = null)
    {
        using var decrypting = new LkaeDecryptingStream(new MemoryStream(encrypted), key ?? Key);
        using var plain = new MemoryStream();
        decrypting.CopyTo(plain);
        return plain.ToArray();
    }

    /// <summary>Byte offset where chunk <paramref name="index"/> starts, for a file of full 64 KiB chunks.</summary>
    public static int ChunkStart(int index) =>
        LkaeFormat.HeaderSize + index * (LkaeFormat.ChunkPrefixSize + LkaeFormat.MaxChunkLength);

    public const int FullChunkSize = LkaeFormat.ChunkPrefixSize + LkaeFormat.MaxChunkLength;
}
