namespace MergeBus.Storage.WorkFolders;

/// <summary>Removes work folders that no live process owns: leftovers of a process killed mid-job.</summary>
public static class WorkFolderJanitor
{
    /// <summary>A folder this young may still be getting its owner lock; it is left for the next sweep.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromSeconds(10);

    /// <returns>How many folders were removed.</returns>
    public static int RemoveOrphans(string root)
    {
        if (!Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (DateTime.UtcNow - Directory.GetCreationTimeUtc(folder) < MinimumAge) continue;
            if (!TryClaim(folder)) continue;
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

    /// <summary>True when nobody holds the folder's owner lock (or it never got one).</summary>
    private static bool TryClaim(string folder)
    {
        try
        {
            using var owner = new FileStream(Path.Combine(folder, WorkFolder.OwnerFileName), FileMode.OpenOrCreate,
                FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
