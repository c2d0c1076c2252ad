using System.Diagnostics;
using MergeBus.Storage.WorkFolders;

namespace MergeBus.Testing;

/// <summary>The work folder a step leaves when it is killed mid-job: files in it, its owner lock dropped.</summary>
public static class KilledWorkFolder
{
    /// <summary>
    /// A real process takes a work folder under <paramref name="root"/> the way a step does (owner lock held), a file
    /// is written into it, and the process is killed with SIGKILL, so no cleanup of its own runs. The folder is then
    /// aged past the janitor's grace period.
    /// </summary>
    /// <returns>The folder's path.</returns>
    public static async Task<string> CreateAsync(string root, string relativeFile, string content)
    {
        var path = Path.Combine(root, Guid.NewGuid().ToString("N"));
        var file = Path.Combine(path, relativeFile);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, content);
        var owner = Path.Combine(path, WorkFolder.OwnerFileName);
        // flock(1) holds the same kind of lock .NET takes for FileShare.None.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-x", owner, "sleep", "60"]))!;
        await WaitUntilAsync(() => IsLocked(owner));
        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();

        // flock's child (sleep) holds the lock too, and may outlive flock's exit by a moment.
        await WaitUntilAsync(() => !IsLocked(owner));
        Directory.SetCreationTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        return path;
    }

    private static bool IsLocked(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
    }
}
