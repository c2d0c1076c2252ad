using System.Security.Cryptography;

namespace MergeBus.Storage.Transfers;

public static class FileDigest
{
    /// <summary>Size and lower-case hex sha256 of a local file, as the manifest records them.</summary>
    public static async Task<(long Size, string Sha256)> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(file, cancellationToken);
        return (file.Length, Convert.ToHexStringLower(hash));
    }
}
