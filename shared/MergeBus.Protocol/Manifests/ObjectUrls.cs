namespace MergeBus.Protocol.Manifests;

/// <summary>
/// Turns an object URL into a bucket key: https/http virtual-hosted or path-style (S3, storage.googleapis.com,
/// ACCOUNT.blob.core.windows.net/CONTAINER), s3://bucket/key or gs://bucket/key.
/// It only reads the URL's text: MergeBus never fetches an arbitrary URL (spec §1).
/// </summary>
internal static class ObjectUrls
{
    /// <summary>True when the value starts with "scheme://".</summary>
    public static bool HasScheme(string value, out string scheme)
    {
        var at = value.IndexOf("://", StringComparison.Ordinal);
        scheme = at > 0 ? value[..at].ToLowerInvariant() : "";
        return at > 0 && char.IsAsciiLetter(value[0]) && value[..at].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }

    /// <summary>The object key, percent-decoded, not yet normalised.</summary>
    public static string KeyOf(string url, string scheme, string? bucket, string what)
    {
        var rest = url[(scheme.Length + 3)..];
        var end = rest.IndexOfAny(['?', '#']);
        if (end >= 0) rest = rest[..end];
        var slash = rest.IndexOf('/');
        var host = HostOf(slash < 0 ? rest : rest[..slash]);
        var path = slash < 0 ? "" : rest[(slash + 1)..];

        return scheme switch
        {
            "s3" or "gs" => S3Key(host, path, bucket, what),
            "https" or "http" => HttpKey(host, path, bucket, what),
            _ => throw new PermanentMergeException(
                $"{what} has an unsupported scheme '{KeyPaths.Shorten(scheme)}' (expected a key, https://, s3:// or gs://)"),
        };
    }

    // http is accepted beside https because S3-compatible stores in development (MinIO) serve plain http;
    // nothing is fetched, so the scheme carries no risk here.
    private static string HttpKey(string host, string path, string? bucket, string what)
    {
        var firstSlash = path.IndexOf('/');
        var firstSegment = firstSlash < 0 ? path : path[..firstSlash];
        var afterFirst = firstSlash < 0 ? "" : path[(firstSlash + 1)..];

        if (!string.IsNullOrEmpty(bucket))
        {
            // An Azure host names the account, never the container: the container is always the first segment.
            if (!IsAzureBlobHost(host) && host.StartsWith(bucket + ".", StringComparison.OrdinalIgnoreCase)) return Decode(path, what);
            if (string.Equals(Decode(firstSegment, what), bucket, StringComparison.Ordinal)) return Decode(afterFirst, what);
            throw new PermanentMergeException($"{what} is not an object of the configured bucket '{bucket}'");
        }

        return IsVirtualHostedS3(host) ? Decode(path, what) : Decode(afterFirst, what);
    }

    private static bool IsAzureBlobHost(string host) => host.EndsWith(".blob.core.windows.net", StringComparison.Ordinal);

    /// <summary>bucket.s3.amazonaws.com, bucket.s3.region.amazonaws.com, bucket.s3-region.amazonaws.com.</summary>
    private static bool IsVirtualHostedS3(string host)
    {
        var s3 = host.IndexOf(".s3", StringComparison.Ordinal);
        return s3 > 0 && host.EndsWith(".amazonaws.com", StringComparison.Ordinal) && host[(s3 + 3)..] is ['.' or '-', ..];
    }

    private static string S3Key(string host, string path, string? bucket, string what)
    {
        if (host.Length == 0)
            throw new PermanentMergeException($"{what} names no bucket");
        if (!string.IsNullOrEmpty(bucket) && !string.Equals(host, bucket, StringComparison.OrdinalIgnoreCase))
            throw new PermanentMergeException(
                $"{what} is in bucket '{KeyPaths.Shorten(host)}', not the configured bucket '{bucket}'");
        return Decode(path, what);
    }

    private static string HostOf(string authority)
    {
        var at = authority.LastIndexOf('@');
        var host = at < 0 ? authority : authority[(at + 1)..];
        var colon = host.IndexOf(':');
        return (colon < 0 ? host : host[..colon]).ToLowerInvariant();
    }

    private static string Decode(string path, string what)
    {
        try
        {
            return Uri.UnescapeDataString(path);
        }
        catch (UriFormatException)
        {
            throw new PermanentMergeException($"{what} is not a valid URL");
        }
    }
}
