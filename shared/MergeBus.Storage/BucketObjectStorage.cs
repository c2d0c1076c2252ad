namespace MergeBus.Storage;

/// <summary>
/// What the bucket stores (S3, GCS, Azure) share: keys validated like local keys and placed under the store's
/// prefix, every SDK failure translated by the backend's own <see cref="Translate"/>, and a failing caller stream
/// reported as the caller's own error rather than as a storage failure. Backends implement only the SDK calls.
/// </summary>
public abstract class BucketObjectStorage : IObjectStorage
{
    protected BucketObjectStorage(string? prefix) => Prefix = StorageKeys.NormalizeStorePrefix(prefix);

    /// <summary>Normalised prefix (no leading or trailing '/'); empty when none.</summary>
    public string Prefix { get; }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        var fullKey = FullKey(key);
        try
        {
            return await Run("stat", key, () => StatCoreAsync(fullKey, key, cancellationToken), cancellationToken);
        }
        catch (StorageObjectNotFoundException)
        {
            return null;
        }
    }

    /// <exception cref="StorageObjectNotFoundException">The object does not exist.</exception>
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var fullKey = FullKey(key);
        return Run("get", key, () => OpenReadCoreAsync(fullKey, key, cancellationToken), cancellationToken);
    }

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var fullKey = FullKey(key);
        return Run("put", key, async () =>
        {
            await UploadCoreAsync(fullKey, key, new SourceReadStream(content), cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task PutFileAsync(string key, string localPath, CancellationToken cancellationToken = default)
    {
        FullKey(key); // reject a bad key before opening the file
        await using var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read,
            bufferSize: 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await PutAsync(key, file, cancellationToken);
    }

    /// <summary>Copies within the bucket, server-side.</summary>
    public Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        var source = FullKey(sourceKey);
        var destination = FullKey(destinationKey);
        return Run("copy", sourceKey, async () =>
        {
            await CopyCoreAsync(source, destination, sourceKey, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var fullKey = FullKey(key);
        try
        {
            await Run("delete", key, async () =>
            {
                await DeleteCoreAsync(fullKey, cancellationToken);
                return true;
            }, cancellationToken);
        }
        catch (StorageObjectNotFoundException)
        {
            // Some servers answer 404 for a missing object: deleting it is still done.
        }
    }

    public async Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidatePrefix(prefix);
        var fullPrefix = StorageKeys.Join(Prefix, prefix);
        var results = await Run("list", prefix, async () =>
        {
            var found = new List<ObjectInfo>();
            await foreach (var item in ListCoreAsync(fullPrefix, cancellationToken).WithCancellation(cancellationToken))
            {
                found.Add(item with { Key = RelativeKey(item.Key) });
            }

            return found;
        }, cancellationToken);
        results.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return results;
    }

    public abstract string Describe();

    public override string ToString() => Describe();

    protected abstract Task<ObjectInfo> StatCoreAsync(string fullKey, string key, CancellationToken cancellationToken);

    protected abstract Task<Stream> OpenReadCoreAsync(string fullKey, string key, CancellationToken cancellationToken);

    /// <summary>Must commit only a complete object (readers see the old one or the whole new one).</summary>
    protected abstract Task UploadCoreAsync(string fullKey, string key, Stream content, CancellationToken cancellationToken);

    protected abstract Task CopyCoreAsync(string fullSource, string fullDestination, string sourceKey, CancellationToken cancellationToken);

    protected abstract Task DeleteCoreAsync(string fullKey, CancellationToken cancellationToken);

    /// <summary>Objects under <paramref name="fullPrefix"/>, with their full keys.</summary>
    protected abstract IAsyncEnumerable<ObjectInfo> ListCoreAsync(string fullPrefix, CancellationToken cancellationToken);

    /// <summary>The backend's mapping of an SDK failure to a storage exception; null to let it through unchanged.</summary>
    protected abstract Exception? Translate(Exception error, string operation, string key, CancellationToken cancellationToken);

    /// <summary>Runs one SDK call with the shared error mapping.</summary>
    protected async Task<T> Run<T>(string operation, string key, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (SourceReadStream.Find(e) is { } source)
        {
            throw source.Unwrap();
        }
        catch (Exception e) when (Translate(e, operation, key, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    protected string FullKey(string key) => StorageKeys.Join(Prefix, StorageKeys.Validate(key));

    private string RelativeKey(string fullKey) => Prefix.Length == 0 ? fullKey : fullKey[(Prefix.Length + 1)..];
}
