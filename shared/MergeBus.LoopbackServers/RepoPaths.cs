namespace MergeBus.LoopbackServers;

/// <summary>Finds the repository from wherever the test runner starts (bin/Debug/net10.0, IDE, CI).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The nearest parent directory holding MergeBus.sln.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>Tools installed for tests (npm packages and the like); ignored by git.</summary>
    public static string ToolsDirectory => Path.Combine(RepoRoot, ".tools");

    /// <summary>
    /// A folder of ../shared/fixtures beside the checkout (CI has it there too); MERGEBUS_SHARED overrides ../shared.
    /// </summary>
    public static string SharedFixture(string name)
    {
        var shared = Environment.GetEnvironmentVariable("MERGEBUS_SHARED") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepoRoot, "..", "shared");
        var path = Path.GetFullPath(Path.Combine(shared, "fixtures", name));
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"fixture {name} not found at {path}: put shared/ beside the checkout or set MERGEBUS_SHARED");
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MergeBus.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"MergeBus.sln not found above {AppContext.BaseDirectory}");
    }
}
