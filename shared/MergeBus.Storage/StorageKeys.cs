namespace MergeBus.Storage;

/// <summary>
/// One set of key rules for every backend, so a key that works locally also works on S3 and neither can
/// reach outside its root. Keys are '/'-separated, relative, and have no empty, "." or ".." segments.
/// </summary>
public static class StorageKeys
{
    /// <exception cref="StorageKeyRejectedException">The key is empty or could leave the store's root.</exception>
    public static string Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new StorageKeyRejectedException(Printable(key), "empty");
        }

        if (key.EndsWith('/'))
        {
            throw new StorageKeyRejectedException(Printable(key), "ends with '/'");
        }

        CheckSegments(key);
        return key;
    }

    /// <summary>A list prefix: empty, or a key-like string that may end with '/'.</summary>
    public static string ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return prefix;
        }

        CheckSegments(prefix.EndsWith('/') ? prefix[..^1] : prefix);
        return prefix;
    }

    /// <summary>Joins a store prefix (already normalised, no slashes at either end) and a key.</summary>
    public static string Join(string storePrefix, string key) =>
        storePrefix.Length == 0 ? key : key.Length == 0 ? storePrefix + "/" : storePrefix + "/" + key;

    /// <summary>Trims '/' from both ends and validates what is left, e.g. "/recordings/" becomes "recordings".</summary>
    public static string NormalizeStorePrefix(string? prefix)
    {
        var trimmed = (prefix ?? string.Empty).Trim().Trim('/');
        if (trimmed.Length > 0)
        {
            CheckSegments(trimmed);
        }

        return trimmed;
    }

    private static void CheckSegments(string key)
    {
        if (key.StartsWith('/'))
        {
            throw new StorageKeyRejectedException(Printable(key), "absolute path");
        }

        foreach (var c in key)
        {
            if (c == '\\')
            {
                throw new StorageKeyRejectedException(Printable(key), "backslash");
            }

            if (char.IsControl(c))
            {
                throw new StorageKeyRejectedException(Printable(key), "control character");
            }
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
            {
                throw new StorageKeyRejectedException(Printable(key), "empty path segment");
            }

            if (segment is "." or "..")
            {
                throw new StorageKeyRejectedException(Printable(key), "relative path segment");
            }
        }
    }

    // Control characters (NUL, newlines) would corrupt log lines; show them escaped instead.
    private static string Printable(string key) =>
        key.Any(char.IsControl)
            ? string.Concat(key.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : key;
}
