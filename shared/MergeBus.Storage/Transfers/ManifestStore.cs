using System.Text;
using MergeBus.Protocol;
using MergeBus.Protocol.Manifests;

namespace MergeBus.Storage.Transfers;

/// <summary>Reads and writes manifest.json in storage.</summary>
public static class ManifestStore
{
    /// <summary>A manifest is metadata; anything this large is not one, and is refused before it is read.</summary>
    public const long MaxManifestBytes = 16 * 1024 * 1024;

    public static Task<Manifest> ReadAsync(IObjectStorage storage, string key, CancellationToken cancellationToken) =>
        ReadAsync(storage, key, Manifest.Parse, cancellationToken);

    /// <summary>For recording a failure: a manifest whose known fields do not all read still takes its room_mix.</summary>
    public static Task<Manifest> ReadForFailureAsync(IObjectStorage storage, string key, CancellationToken cancellationToken) =>
        ReadAsync(storage, key, Manifest.ParseForFailure, cancellationToken);

    private static async Task<Manifest> ReadAsync(IObjectStorage storage, string key, Func<Stream, Manifest> parse,
        CancellationToken cancellationToken)
    {
        try
        {
            var info = await storage.StatAsync(key, cancellationToken)
                ?? throw new PermanentMergeException($"manifest not found: {key}");
            if (info.Size > MaxManifestBytes)
            {
                throw new PermanentMergeException($"manifest is too large ({info.Size} bytes, limit {MaxManifestBytes})");
            }

            await using var stream = await storage.OpenReadAsync(key, cancellationToken);
            return parse(stream);
        }
        catch (StorageObjectNotFoundException)
        {
            throw new PermanentMergeException($"manifest not found: {key}");
        }
        catch (StorageKeyRejectedException rejected)
        {
            throw new PermanentMergeException(rejected.Message);
        }
    }

    public static async Task WriteAsync(IObjectStorage storage, string key, Manifest manifest,
        CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(manifest.ToJson()));
        await storage.PutAsync(key, content, cancellationToken);
    }
}
