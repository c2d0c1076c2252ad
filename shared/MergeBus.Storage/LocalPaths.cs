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
    /// Walks the existing part of <paramref name="fullPath"/> below the root and reports whether any component is
    /// a symbolic link whose final target lies outside the root. Cheap: one stat per existing component.
    /// </summary>
    public static bool CrossesLinkOutOfRoot(string root, string fullPath)
    {
        var realRoot = ResolveReal(root);
        var current = root;
        foreach (var segment in Path.GetRelativePath(root, fullPath).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo info = new FileInfo(current);
            if (!info.Exists)
            {
                info = new DirectoryInfo(current);
                if (!info.Exists)
                {
                    return false; // nothing further exists yet, so nothing further can be a link
                }
            }

            if (info.LinkTarget is null)
            {
                continue;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            var real = target is null ? null : ResolveReal(target.FullName);
            if (real is null || !(StaysUnder(root, real) || StaysUnder(realRoot, real)))
            {
                return true;
            }
        }

        return false;
    }

    // The root itself may sit behind a link (e.g. /tmp -> /private/tmp), so compare real paths with real paths.
    private static string ResolveReal(string path)
    {
        var info = new DirectoryInfo(path);
        var resolved = info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(true)?.FullName ?? path;
        return Path.TrimEndingDirectorySeparator(resolved);
    }

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TempFilePattern();
}
