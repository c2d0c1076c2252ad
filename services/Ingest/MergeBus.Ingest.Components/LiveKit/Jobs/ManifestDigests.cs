using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MergeBus.Protocol;
using MergeBus.Protocol.Manifests;
using MergeBus.Storage;

namespace MergeBus.Ingest.Components.LiveKit.Jobs;

/// <summary>
/// Stock egress writes no checksum, and our manifest needs each file's sha256 and size (protocol §2), so the
/// intake reads every listed file once from the recordings store. A file the egress listed but storage does not
/// have fails the room here, named, before any job exists.
/// </summary>
public static class ManifestDigests
{
    /// <exception cref="PermanentMergeException">A listed file is missing, or its size is not what the egress reported.</exception>
    public static async Task FillAsync(JsonNode manifest, string manifestKey, IObjectStorage recordings, CancellationToken cancellationToken)
    {
        foreach (var participant in manifest["participants"]?.AsArray() ?? [])
        {
            foreach (var artifact in participant?["artifacts"]?.AsArray() ?? [])
            {
                if (artifact is null) continue;
                var uri = (string?)artifact["storage_uri"] ?? (string?)artifact["filename"] ?? "";
                var key = StorageUriResolver.Resolve(manifestKey, uri, bucket: null);
                var info = await recordings.StatAsync(key, cancellationToken)
                    ?? throw new PermanentMergeException(
                        $"{key} (track {(string?)participant!["track_id"]}) is listed by its egress but missing from storage");
                var stated = artifact["size"] is JsonValue size && size.TryGetValue<long>(out var bytes) ? bytes : 0;
                if (stated > 0 && stated != info.Size)
                    throw new PermanentMergeException($"{key} is {info.Size} bytes in storage, but its egress reported {stated}");
                artifact["size"] = info.Size;
                if (((string?)artifact["sha256"])?.Length == 64) continue;
                await using var stream = await recordings.OpenReadAsync(key, cancellationToken);
                artifact["sha256"] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            }
        }
    }
}
