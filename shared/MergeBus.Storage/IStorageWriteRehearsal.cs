namespace MergeBus.Storage;

/// <summary>
/// A store whose write path can be run without writing: the same client code a real upload runs (key checks, request
/// building, signing, the body's streams, the answer's parsing), every request answered inside the process. A fresh
/// service warms what its first job's upload would JIT-compile; nothing reaches the store.
/// </summary>
public interface IStorageWriteRehearsal
{
    /// <summary>Uploads <paramref name="localPath"/> to <paramref name="key"/> offline; the store never sees a request.</summary>
    Task RehearseWriteAsync(string key, string localPath, CancellationToken cancellationToken = default);
}
