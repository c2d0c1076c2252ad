namespace MergeBus.Protocol.Manifests;

/// <summary>Turns a job's manifest_path (a key, an object URL, or a local path) into a storage key (spec §1).</summary>
public static class ManifestPathResolver
{
    private const string What = "manifest_path";

    /// <param name="bucket">The configured bucket: URLs of any other bucket are refused. Null accepts any.</param>
    /// <param name="keyPrefix">The storage prefix, stripped because the storage layer adds it back.</param>
    /// <param name="localRoot">With local storage, its directory: absolute paths under it become keys.</param>
    public static string Resolve(string manifestPath, string? bucket, string? keyPrefix = null, string? localRoot = null)
    {
        if (string.IsNullOrWhiteSpace(manifestPath))
            throw new PermanentMergeException("job entry has no manifest_path");
        var value = manifestPath.Trim();
        KeyPaths.RejectUnsafeCharacters(value, What, KeyPaths.StoreRoot);

        if (ObjectUrls.HasScheme(value, out var scheme))
            return Key(ObjectUrls.KeyOf(value, scheme, bucket, What), keyPrefix);

        if (value.StartsWith('/'))
        {
            var root = localRoot?.TrimEnd('/');
            if (string.IsNullOrEmpty(root) || !value.StartsWith(root + "/", StringComparison.Ordinal))
                throw new PermanentMergeException(
                    $"manifest_path is an absolute path outside the local storage root: '{KeyPaths.Shorten(value)}'");
            return KeyPaths.Normalize("", value[(root.Length + 1)..], What, KeyPaths.StoreRoot);
        }

        return Key(value, keyPrefix);
    }

    private static string Key(string key, string? keyPrefix) =>
        KeyPaths.Normalize("", KeyPaths.WithoutPrefix(key, keyPrefix), What, KeyPaths.StoreRoot);
}
