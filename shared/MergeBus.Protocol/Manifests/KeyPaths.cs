namespace MergeBus.Protocol.Manifests;

/// <summary>Storage key arithmetic for manifest values: '/'-separated keys relative to the store root, never escaping it.</summary>
internal static class KeyPaths
{
    /// <summary>The folder part of a key ("room/S" for "room/S/manifest.json"); "" at the root.</summary>
    internal static string DirectoryOf(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0 ? "" : key[..slash];
    }

    internal static string Combine(string directory, string name) =>
        directory.Length == 0 ? name : $"{directory}/{name}";

    /// <summary>
    /// Resolves "." and "..", drops empty segments, and fails when the result would leave
    /// <paramref name="root"/> ("" = the store root). <paramref name="what"/> names the value in the message.
    /// </summary>
    internal static string Normalize(string root, string relative, string what, string scope = SessionFolder)
    {
        RejectUnsafeCharacters(relative, what, scope);
        if (relative.StartsWith('/'))
            throw Escapes(what, relative, scope);

        var segments = new List<string>();
        foreach (var segment in relative.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count == 0) throw Escapes(what, relative, scope);
                segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        if (segments.Count == 0)
            throw new PermanentMergeException($"{what} names no file: '{Shorten(relative)}'");
        return Combine(root, string.Join('/', segments));
    }

    internal const string SessionFolder = "the session folder";
    internal const string StoreRoot = "the storage root";

    internal static void RejectUnsafeCharacters(string value, string what, string scope)
    {
        if (value.Contains('\\') || value.Contains('\0'))
            throw Escapes(what, value, scope);
    }

    internal static PermanentMergeException Escapes(string what, string value, string scope) =>
        new($"{what} escapes {scope}: '{Shorten(value)}'");

    /// <summary>True when <paramref name="key"/> lies inside <paramref name="directory"/> ("" = anywhere).</summary>
    internal static bool IsInside(string directory, string key) =>
        directory.Length == 0 || key.StartsWith(directory + "/", StringComparison.Ordinal);

    /// <summary>Drops the configured storage prefix, which the storage layer adds back itself.</summary>
    internal static string WithoutPrefix(string key, string? prefix)
    {
        var p = prefix?.Trim('/');
        return string.IsNullOrEmpty(p) || !key.StartsWith(p + "/", StringComparison.Ordinal) ? key : key[(p.Length + 1)..];
    }

    /// <summary>Keeps messages one short line even for hostile input.</summary>
    internal static string Shorten(string value)
    {
        var printable = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return printable.Length <= 200 ? printable : printable[..200] + "...";
    }
}
