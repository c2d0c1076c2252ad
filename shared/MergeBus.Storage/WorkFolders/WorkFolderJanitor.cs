namespace MergeBus.Storage.WorkFolders;

/// <summary>Removes work folders that no live process owns: leftovers of a process killed mid-job.</summary>
public static class WorkFolderJanitor
{
    /// <summary>A folder this young without an owner file may still be getting one; it is left for the next sweep.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromSeconds(10);

    /// <param name="namePrefix">Only folders whose name starts so are looked at (the CLI's "run-" in a shared folder).</param>
    /// <returns>How many folders were removed.</returns>
    public static int RemoveOrphans(string root, string namePrefix = "")
    {
        if (!Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(root, namePrefix + "*"))
        {
            var owner = Path.Combine(folder, WorkFolder.OwnerFileName);
            if (File.Exists(owner) ? IsOwned(owner) : DateTime.UtcNow - Directory.GetCreationTimeUtc(folder) < MinimumAge) continue;
            try
            {
                Directory.Delete(folder, recursive: true);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone already, or busy: the next sweep tries again.
            }
        }
        return removed;
    }

    /// <summary>True while a live process holds the owner lock; the kernel dropped the lock of a dead one.</summary>
    private static bool IsOwned(string owner)
    {
        try
        {
            using var probe = new FileStream(owner, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
