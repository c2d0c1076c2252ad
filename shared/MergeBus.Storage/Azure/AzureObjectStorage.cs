using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace MergeBus.Storage.Azure;

/// <summary>
/// <see cref="IObjectStorage"/> over an Azure Blob container. Keys are validated like local keys and placed under the
/// configured prefix. Uploads stage blocks and commit the block list last, so a reader sees the old blob or the whole
/// new one; copies are server-side (Copy Blob within the account).
/// </summary>
public sealed class AzureObjectStorage : IObjectStorage, IStorageAccessCheck
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly string _description;

    public AzureObjectStorage(AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ContainerName);
        _prefix = StorageKeys.NormalizeStorePrefix(options.Prefix);
        _container = AzureClientFactory.Create(options).GetBlobContainerClient(options.ContainerName);
        _description = $"azure://{options.AccountName}/{options.ContainerName}/{_prefix}" +
                       (options.Endpoint is null ? string.Empty : $" at {options.ServiceUri}");
    }

    public string ContainerName => _container.Name;

    public string Prefix => _prefix;

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new ObjectInfo(key, properties.ContentLength, properties.LastModified);
        }
        catch (Exception e) when (Translate(e, "stat", key, cancellationToken) is { } mapped)
        {
            return mapped is StorageObjectNotFoundException ? null : throw mapped;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            var download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            return new AzureBodyStream(download, Location(key));
        }
        catch (Exception e) when (Translate(e, "get", key, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = Blob(key);
        try
        {
            await blob.UploadAsync(new SourceReadStream(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypes.Of(key) },
            }, cancellationToken);
        }
        catch (Exception e) when (SourceReadStream.Find(e) is { } source)
        {
            throw source.Unwrap();
        }
        catch (Exception e) when (Translate(e, "put", key, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task PutFileAsync(string key, string localPath, CancellationToken cancellationToken = default)
    {
        Blob(key); // reject a bad key before opening the file
        await using var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read,
            bufferSize: 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await PutAsync(key, file, cancellationToken);
    }

    /// <summary>Server-side Copy Blob inside the account; waits until the service reports it done.</summary>
    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        var source = Blob(sourceKey);
        var destination = Blob(destinationKey);
        try
        {
            var copy = await destination.StartCopyFromUriAsync(source.Uri, cancellationToken: cancellationToken);
            await copy.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
            var status = (await destination.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.CopyStatus;
            if (status != CopyStatus.Success)
            {
                throw new StorageTransientException($"azure copy {Location(sourceKey)}: copy ended {status}");
            }
        }
        catch (Exception e) when (Translate(e, "copy", sourceKey, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (Translate(e, "delete", key, cancellationToken) is { } mapped)
        {
            if (mapped is not StorageObjectNotFoundException) throw mapped;
        }
    }

    public async Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidatePrefix(prefix);
        var results = new List<ObjectInfo>();
        try
        {
            var options = new GetBlobsOptions { Prefix = StorageKeys.Join(_prefix, prefix) };
            await foreach (var item in _container.GetBlobsAsync(options, cancellationToken))
            {
                results.Add(new ObjectInfo(RelativeKey(item.Name), item.Properties.ContentLength ?? 0,
                    item.Properties.LastModified ?? DateTimeOffset.MinValue));
            }
        }
        catch (Exception e) when (Translate(e, "list", prefix, cancellationToken) is { } mapped)
        {
            throw mapped;
        }

        results.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return results;
    }

    /// <summary>
    /// One authenticated request (does the container exist?), so a wrong key or a missing container is found at
    /// start. Throws <see cref="StorageConfigurationException"/> naming the key.
    /// </summary>
    public async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        bool exists;
        try
        {
            exists = (await _container.ExistsAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            throw new StorageConfigurationException("storage.azure.account_key",
                $"was refused by account '{_container.AccountName}' (HTTP {e.Status} {e.ErrorCode})".TrimEnd());
        }
        catch (Exception e) when (Translate(e, "check", "", cancellationToken) is { } mapped)
        {
            throw mapped;
        }

        if (!exists)
        {
            throw new StorageConfigurationException("storage.azure.container_name",
                $"container '{_container.Name}' does not exist");
        }
    }

    public string Describe() => _description;

    public override string ToString() => _description;

    private BlobClient Blob(string key) => _container.GetBlobClient(StorageKeys.Join(_prefix, StorageKeys.Validate(key)));

    private string RelativeKey(string fullKey) => _prefix.Length == 0 ? fullKey : fullKey[(_prefix.Length + 1)..];

    private string Location(string key) => $"azure://{_container.AccountName}/{_container.Name}/{StorageKeys.Join(_prefix, key)}";

    private Exception? Translate(Exception error, string operation, string key, CancellationToken cancellationToken)
    {
        if (error is StorageException || (error is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        if (error is RequestFailedException failed && failed.Status != 0)
        {
            return HttpStoreErrors.FromStatus("azure", operation, Location(key), key, failed.Status, failed.ErrorCode, failed);
        }

        return HttpStoreErrors.IsNetworkFailure(error) || error is RequestFailedException or AggregateException
            ? new StorageTransientException($"azure {operation} {Location(key)}: network failure or timeout", error)
            : null;
    }
}
