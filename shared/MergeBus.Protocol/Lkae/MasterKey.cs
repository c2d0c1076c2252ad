namespace MergeBus.Protocol.Lkae;

/// <summary>The 32-byte master key, configured or sent as base64 (spec §4).</summary>
public static class MasterKey
{
    /// <exception cref="PermanentMergeException">Not base64 of exactly 32 bytes; the message never shows the value.</exception>
    public static byte[] Parse(string? base64)
    {
        var buffer = new byte[LkaeFormat.KeySize + 3];
        if (base64 is null
            || !Convert.TryFromBase64String(base64.Trim(), buffer, out var written)
            || written != LkaeFormat.KeySize)
        {
            Array.Clear(buffer);
            throw new PermanentMergeException("master key must be base64 of 32 bytes");
        }
        var key = buffer[..LkaeFormat.KeySize];
        Array.Clear(buffer);
        return key;
    }

    internal static void Check(ReadOnlySpan<byte> key)
    {
        if (key.Length != LkaeFormat.KeySize)
            throw new ArgumentException("master key must be 32 bytes", nameof(key));
    }
}
