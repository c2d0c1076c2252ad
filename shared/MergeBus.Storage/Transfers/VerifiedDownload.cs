using MergeBus.Protocol;
using MergeBus.Protocol.Lkae;

namespace MergeBus.Storage.Transfers;

/// <summary>The manifest's promise about one stored input: its key, size and sha256 of the stored bytes.</summary>
public sealed record ExpectedObject(string Key, long Size, string Sha256);

/// <summary>
/// Downloads one input to a local file, checking size and sha256 of the stored bytes and decrypting LKAE on the
/// way. On any failure the local file is removed, so a caller never sees a half-written or unverified input.
/// </summary>
public static class VerifiedDownload
{
    public static async Task<long> ToFileAsync(IObjectStorage storage, ExpectedObject expected, byte[]? masterKey,
        string destinationPath, CancellationToken cancellationToken)
    {
        var info = await storage.StatAsync(expected.Key, cancellationToken)
            ?? throw new PermanentMergeException($"input file is missing: {expected.Key}");
        if (expected.Size > 0 && info.Size != expected.Size)
        {
            throw new PermanentMergeException(
                $"input size mismatch for {expected.Key}: manifest says {expected.Size} bytes, storage has {info.Size}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destinationPath)!);
        // Encrypted inputs are verified before decryption, so a wrong file reads as a checksum error, not a key error.
        var storedPath = masterKey is null ? destinationPath : destinationPath + ".lkae";
        try
        {
            long stored;
            await using (var hashing = new HashingReadStream(await storage.OpenReadAsync(expected.Key, cancellationToken)))
            {
                await using (var output = File.Create(storedPath))
                {
                    await hashing.CopyToAsync(output, cancellationToken);
                }

                stored = hashing.BytesRead;
                if (!string.Equals(hashing.HashHex(), expected.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new PermanentMergeException(
                        $"sha256 mismatch for {expected.Key}: the stored file is not the one the manifest lists");
                }
            }

            if (masterKey is not null)
            {
                await using var encrypted = File.OpenRead(storedPath);
                await using var plain = new LkaeDecryptingStream(encrypted, masterKey);
                await using var output = File.Create(destinationPath);
                await plain.CopyToAsync(output, cancellationToken);
            }

            return stored;
        }
        catch
        {
            File.Delete(destinationPath);
            throw;
        }
        finally
        {
            if (storedPath != destinationPath) File.Delete(storedPath);
        }
    }
}
