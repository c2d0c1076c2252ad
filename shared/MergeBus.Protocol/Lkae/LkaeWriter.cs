namespace MergeBus.Protocol.Lkae;

/// <summary>Whole-stream LKAE encryption, streaming underneath.</summary>
public static class LkaeWriter
{
    /// <summary>Encrypts all of <paramref name="plain"/> into <paramref name="output"/>; both stay open.</summary>
    public static async Task EncryptAsync(Stream plain, Stream output, byte[] masterKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plain);
        await using var encrypting = new LkaeEncryptingStream(output, masterKey, leaveOpen: true);
        await plain.CopyToAsync(encrypting, LkaeFormat.MaxPlaintextChunk, cancellationToken).ConfigureAwait(false);
        await encrypting.FinishAsync(cancellationToken).ConfigureAwait(false);
    }
}
