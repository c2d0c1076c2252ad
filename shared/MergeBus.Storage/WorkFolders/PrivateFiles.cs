namespace MergeBus.Storage.WorkFolders;

/// <summary>
/// Folders (0700) and files (0600) only this user can read, created so from the start: a work folder holds
/// decrypted audio, and a chmod after the create would leave a moment when anyone could open it.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> and any missing parent as 0700 (an existing folder is left as it is).</summary>
    public static DirectoryInfo CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(path);
        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only: create each missing one.
        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
            missing.Push(folder);
        while (missing.TryPop(out var folder)) Directory.CreateDirectory(folder, FolderMode);
        return new DirectoryInfo(path);
    }

    /// <summary>Creates (or truncates) a file for writing, 0600 when it is new.</summary>
    public static FileStream CreateFile(string path, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var streamOptions = new FileStreamOptions
        {
            Mode = System.IO.FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = bufferSize,
            Options = options,
        };
        if (!OperatingSystem.IsWindows()) streamOptions.UnixCreateMode = FileMode;
        return new FileStream(path, streamOptions);
    }
}
