using System.Text.RegularExpressions;

namespace MergeBus.Storage;

/// <summary>Path checks and temp-file naming for <see cref="LocalObjectStorage"/>.</summary>
internal static partial class LocalPaths
{
    public static string TempFileName(string targetName) => $".{targetName}.{Guid.NewGuid():N}.tmp";

    public static bool IsTempFile(string fileName) => TempFilePattern().IsMatch(fileName);

    public static bool StaysUnder(string root, string fullPath) =>
        fullPath.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// Whether the existing part of <paramref name="fullPath"/> leads, as the kernel resolves it, out of the root:
    /// links are followed one component at a time (x → y/../z with y a link is not x → z), by realpath(3).
    /// </summary>
    public static bool CrossesLinkOutOfRoot(string realRoot, string fullPath)
    {
        var existing = fullPath;
        while (!Path.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing);
            if (existing is null) return false;
        }

        var real = LocalFileHandles.TryRealPath(existing);
        return real is null || !(real == realRoot || StaysUnder(realRoot, real));
    }

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TempFilePattern();
}
