namespace MergeBus.Storage.Tests.Support;

public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("mergebus-storage-tests-").FullName;

    public string Path { get; }

    /// <summary>Every file under the directory, relative, '/'-separated, sorted; temp files included.</summary>
    public IReadOnlyList<string> AllFiles() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
