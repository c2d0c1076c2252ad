namespace MergeBus.Protocol.Manifests;

/// <summary>Turns an artifact's storage_uri into a storage key inside the manifest's folder (spec §2).</summary>
public static class StorageUriResolver
{
    private const string What = "storage_uri";

    /// <param name="manifestKey">The manifest's own key, e.g. "room/S/manifest.json".</param>
    /// <param name="storageUri">
    /// A bare name ("file1"), a key inside the manifest's folder, a path relative to it, an https/http object URL
    /// (virtual-hosted or path-style) or s3://bucket/key.
    /// </param>
    /// <param name="bucket">The configured bucket: URLs of any other bucket are refused. Null accepts any.</param>
    /// <param name="keyPrefix">The storage prefix, stripped from URL keys because the storage layer adds it.</param>
    /// <exception cref="PermanentMergeException">Unsupported scheme, or the key would leave the session folder.</exception>
    public static string Resolve(string manifestKey, string storageUri, string? bucket, string? keyPrefix = null)
    {
        if (string.IsNullOrWhiteSpace(storageUri))
            throw new PermanentMergeException("artifact has no storage_uri");
        KeyPaths.RejectUnsafeCharacters(storageUri, What, KeyPaths.SessionFolder);

        var directory = KeyPaths.DirectoryOf(manifestKey);
        string key;
        if (ObjectUrls.HasScheme(storageUri, out var scheme))
        {
            var urlKey = KeyPaths.WithoutPrefix(ObjectUrls.KeyOf(storageUri, scheme, bucket, What), keyPrefix);
            key = KeyPaths.Normalize("", urlKey, What);
        }
        else if (storageUri.StartsWith('/'))
        {
            throw KeyPaths.Escapes(What, storageUri, KeyPaths.SessionFolder);
        }
        else
        {
            var relative = KeyPaths.WithoutPrefix(storageUri, keyPrefix);
            // A full key of this session's folder is taken as is; anything else is relative to that folder.
            if (directory.Length > 0 && relative.StartsWith(directory + "/", StringComparison.Ordinal))
                relative = relative[(directory.Length + 1)..];
            key = KeyPaths.Normalize(directory, relative, What);
        }

        // The recorder writes every file beside its manifest; a key elsewhere could read another session.
        return KeyPaths.IsInside(directory, key) ? key : throw KeyPaths.Escapes(What, storageUri, KeyPaths.SessionFolder);
    }
}
