using MergeBus.Protocol;
using MergeBus.Protocol.Lkae;

namespace MergeBus.Storage.Transfers;

/// <summary>
/// Reads one input once: the stored bytes are hashed (sha256) and counted as they arrive, decrypted (LKAE) on the
/// way when the session is encrypted, and handed to the caller as plaintext, all in one pass. Size is checked
/// up front (a stat), sha256 at the end. A file that is not the one the manifest lists always fails as a
/// checksum error, even when decryption or the caller's parsing fails first: the rest is read through the hash.
/// </summary>
public static class VerifiedDownload
{
    /// <summary>Downloads to a local file; on any failure the file is removed, so no caller sees a half-written or unverified input.</summary>
    public static async Task<long> ToFileAsync(IObjectStorage storage, ExpectedObject expected, byte[]? masterKey,
        string destinationPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destinationPath)!);
        try
        {
            return await ReadAsync(storage, expected, masterKey, async (plain, token) =>
            {
                await using var output = File.Create(destinationPath);
                await plain.CopyToAsync(output, token);
                return output.Length;
            }, cancellationToken);
        }
        catch
        {
            File.Delete(destinationPath);
            throw;
        }
    }

    /// <summary>
    /// Streams the verified plaintext through <paramref name="consume"/>. Its result counts only if the stored bytes
    /// match: a size or sha256 mismatch throws after it ran, and beats any error it threw.
    /// </summary>
    public static async Task<T> ReadAsync<T>(IObjectStorage storage, ExpectedObject expected, byte[]? masterKey,
        Func<Stream, CancellationToken, Task<T>> consume, CancellationToken cancellationToken)
    {
        var info = await storage.StatAsync(expected.Key, cancellationToken)
            ?? throw new PermanentMergeException($"input file is missing: {expected.Key}");
        if (expected.Size > 0 && info.Size != expected.Size)
        {
            throw new PermanentMergeException(
                $"input size mismatch for {expected.Key}: manifest says {expected.Size} bytes, storage has {info.Size}");
        }

        await using var hashing = new HashingReadStream(await storage.OpenReadAsync(expected.Key, cancellationToken));
        T result;
        try
        {
            if (masterKey is null)
            {
                result = await consume(hashing, cancellationToken);
            }
            else
            {
                await using var plain = new LkaeDecryptingStream(hashing, masterKey, leaveOpen: true);
                result = await consume(plain, cancellationToken);
            }
        }
        catch (Exception e) when (e is PermanentMergeException or InvalidDataException or EndOfStreamException)
        {
            // A wrong file reads as a checksum error, not as a key or format error.
            await DrainAsync(hashing, cancellationToken);
            CheckHash(hashing, expected);
            throw;
        }

        await DrainAsync(hashing, cancellationToken);
        CheckHash(hashing, expected);
        return result;
    }

    /// <summary>Reads what the consumer left (trailing bytes, or everything after a failure) through the hash.</summary>
    private static async Task DrainAsync(HashingReadStream hashing, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        while (await hashing.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    private static void CheckHash(HashingReadStream hashing, ExpectedObject expected)
    {
        if (!string.Equals(hashing.HashHex(), expected.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new PermanentMergeException(
                $"sha256 mismatch for {expected.Key}: the stored file is not the one the manifest lists");
        }
    }
}
