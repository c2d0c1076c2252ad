using System.Security.Cryptography;
using MergeBus.LiveKit.Manifests;
using MergeBus.LiveKit.Sessions;
using MergeBus.Protocol;
using MergeBus.Storage;

namespace MergeBus.Ingest.Components.LiveKit.Jobs;

/// <summary>
/// Stock egress writes no checksum, and our manifest needs each file's sha256 (protocol §2), so the intake reads
/// every file it will mix once from the recordings store. A file the egress listed but storage does not have, or
/// of another size than the egress reported, fails the room here, named, before any job exists.
/// </summary>
public static class ManifestDigests
{
    /// <summary>Hex SHA-256 by storage key, for <see cref="LiveKitManifestOptions.Sha256ByKey"/>.</summary>
    /// <exception cref="PermanentMergeException">A file is missing, or its size is not what the egress reported.</exception>
    public static async Task<IReadOnlyDictionary<string, string>> HashAsync(RoomSession session, IObjectStorage recordings,
        CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in LiveKitManifestBuilder.MixableFiles(session))
        {
            var key = file.Filename.Trim().TrimStart('/');
            if (key.Length == 0 || hashes.ContainsKey(key)) continue;
            var info = await recordings.StatAsync(key, cancellationToken)
                ?? throw new PermanentMergeException($"{key} is listed by its egress but missing from storage");
            if (file.Size > 0 && file.Size != info.Size)
                throw new PermanentMergeException($"{key} is {info.Size} bytes in storage, but its egress reported {file.Size}");
            await using var stream = await recordings.OpenReadAsync(key, cancellationToken);
            hashes[key] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        return hashes;
    }
}
