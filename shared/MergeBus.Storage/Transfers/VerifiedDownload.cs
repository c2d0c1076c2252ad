using MergeBus.Protocol;
using MergeBus.Protocol.Lkae;
using MergeBus.Storage.WorkFolders;

namespace MergeBus.Storage.Transfers;

/// <summary>
/// Reads one input once: the stored bytes are hashed (sha256) and counted as they arrive, decrypted (LKAE) on the
/// way when the session is encrypted, and handed to the caller as plaintext, all in one pass. Size is checked
/// up front (a stat; a stated size of 0 means an empty file) and again as the bytes arrive (no more are read than
/// stated, so a file that grows is caught), sha256 at the end. Every read has a deadline. A file that is not the one the manifest lists always fails as a
/// checksum error, even when decryption or the caller's parsing fails first: the rest is read through the hash.
/// </summary>
public static class VerifiedDownload
{
    /// <summary>How long one read may wait for bytes before the try fails (and is retried).</summary>
    public static readonly TimeSpan ReadDeadline = TimeSpan.FromMinutes(2);

    /// <summary>Downloads to a local file; on any failure the file is removed, so no caller sees a half-written or unverified input.</summary>
    public static async Task<long> ToFileAsync(IObjectStorage storage, ExpectedObject expected, byte[]? masterKey,
        string destinationPath, CancellationToken cancellationToken)
    {
        PrivateFiles.CreateFolder(Path.GetDirectoryName(destinationPath)!);
        try
        {
            return await ReadAsync(storage, expected, masterKey, async (plain, token) =>
            {
                // Decrypted audio: readable by this user only, from the moment it exists (no chmod race).
                await using var output = PrivateFiles.CreateFile(destinationPath);
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
        var info = await Refused(expected, () => storage.StatAsync(expected.Key, cancellationToken))
            ?? throw new PermanentMergeException($"input file is missing: {expected.Key}");
        if (info.Size != expected.Size)
        {
            throw SizeMismatch(expected, info.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // One byte more than stated is enough to know the file is not the one listed.
        await using var hashing = new HashingReadStream(
            await Refused(expected, () => storage.OpenReadAsync(expected.Key, cancellationToken)), expected.Size + 1, ReadDeadline);
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

    /// <summary>A key the store refuses to open (a link out of the root, a FIFO or a device) is bad input, not a retry.</summary>
    private static async Task<T> Refused<T>(ExpectedObject expected, Func<Task<T>> open)
    {
        try
        {
            return await open();
        }
        catch (StorageKeyRejectedException rejected)
        {
            throw new PermanentMergeException($"input {expected.Key} refused: {rejected.Message}");
        }
    }

    private static PermanentMergeException SizeMismatch(ExpectedObject expected, string stored) =>
        new($"input size mismatch for {expected.Key}: manifest says {expected.Size} bytes, storage has {stored}");

    private static void CheckHash(HashingReadStream hashing, ExpectedObject expected)
    {
        if (hashing.BytesRead != expected.Size)
        {
            throw SizeMismatch(expected, hashing.BytesRead > expected.Size ? $"more" : $"{hashing.BytesRead}");
        }

        if (!string.Equals(hashing.HashHex(), expected.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new PermanentMergeException(
                $"sha256 mismatch for {expected.Key}: the stored file is not the one the manifest lists");
        }
    }
}
