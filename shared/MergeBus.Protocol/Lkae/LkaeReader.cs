namespace MergeBus.Protocol.Lkae;

/// <summary>Whole-stream LKAE decryption, streaming underneath.</summary>
public static class LkaeReader
{
    /// <summary>Decrypts all of <paramref name="encrypted"/> into <paramref name="plain"/>; both stay open.</summary>
    /// <exception cref="PermanentMergeException">Wrong key, corrupt, reordered or truncated chunk.</exception>
    public static async Task DecryptAsync(Stream encrypted, Stream plain, byte[] masterKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plain);
        await using var decrypting = new LkaeDecryptingStream(encrypted, masterKey, leaveOpen: true);
        await decrypting.CopyToAsync(plain, LkaeFormat.MaxPlaintextChunk, cancellationToken).ConfigureAwait(false);
    }
}
