namespace MergeBus.Storage.WorkFolders;

/// <summary>
/// A private folder for one job's local files (decrypted inputs among them). It holds an exclusive lock on its
/// owner file for as long as it lives; the kernel drops that lock when the process dies, which is how
/// <see cref="WorkFolderJanitor"/> tells a folder of a killed process from a folder in use.
/// </summary>
public sealed class WorkFolder : IDisposable
{
    public const string OwnerFileName = ".owner";
    private readonly FileStream owner;

    private WorkFolder(string path, FileStream owner)
    {
        Path = path;
        this.owner = owner;
    }

    public string Path { get; }

    /// <summary>
    /// Creates a fresh folder under <paramref name="root"/>, named <paramref name="namePrefix"/> and a new guid,
    /// readable by this user only (0700, as is any missing parent), and locks it.
    /// </summary>
    public static WorkFolder Create(string root, string namePrefix = "")
    {
        var path = System.IO.Path.Combine(root, namePrefix + Guid.NewGuid().ToString("N"));
        PrivateFiles.CreateFolder(path);
        var owner = new FileStream(System.IO.Path.Combine(path, OwnerFileName), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        return new WorkFolder(path, owner);
    }

    public void Dispose()
    {
        owner.Dispose();
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
