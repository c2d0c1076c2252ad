namespace MergeBus.Storage;

/// <summary>
/// Keys are '/'-separated and relative to the store's root (bucket + prefix, or a local directory).
/// Writes are all-or-nothing: a reader sees the old object or the whole new one, never a partial one.
/// </summary>
public interface IObjectStorage
{
    /// <summary>Null when the object does not exist.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default);

    /// <exception cref="StorageObjectNotFoundException">The object does not exist.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default);

    Task PutFileAsync(string key, string localPath, CancellationToken cancellationToken = default);

    /// <summary>Copies within this store; server-side where the backend can.</summary>
    Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default);

    /// <summary>Deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>A human description for logs, e.g. "s3://bucket/prefix" or "file:///data". Never credentials.</summary>
    string Describe();
}
