using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace MergeBus.Storage.Azure;

/// <summary>
/// <see cref="IObjectStorage"/> over an Azure Blob container. Keys are validated like local keys and placed under the
/// configured prefix. Uploads stage blocks and commit the block list last, so a reader sees the old blob or the whole
/// new one; copies are server-side (Copy Blob within the account).
/// </summary>
public sealed class AzureObjectStorage : BucketObjectStorage, IStorageAccessCheck
{
    private readonly BlobContainerClient _container;
    private readonly string _description;

    public AzureObjectStorage(AzureStorageOptions options)
        : base(options?.Prefix)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ContainerName);
        _container = AzureClientFactory.Create(options).GetBlobContainerClient(options.ContainerName);
        _description = $"azure://{options.AccountName}/{options.ContainerName}/{Prefix}" +
                       (options.Endpoint is null ? string.Empty : $" at {options.ServiceUri}");
    }

    public string ContainerName => _container.Name;

    protected override async Task<ObjectInfo> StatCoreAsync(string fullKey, string key, CancellationToken cancellationToken)
    {
        var properties = (await _container.GetBlobClient(fullKey).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        return new ObjectInfo(key, properties.ContentLength, properties.LastModified);
    }

    protected override async Task<Stream> OpenReadCoreAsync(string fullKey, string key, CancellationToken cancellationToken)
    {
        var download = (await _container.GetBlobClient(fullKey).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
        return new DownloadBodyStream(download.Content, download.Details.ContentLength, download, Location(key),
            e => e is RequestFailedException);
    }

    protected override Task UploadCoreAsync(string fullKey, string key, Stream content, CancellationToken cancellationToken) =>
        _container.GetBlobClient(fullKey).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypes.Of(key) },
        }, cancellationToken);

    /// <summary>Server-side Copy Blob inside the account; waits until the service reports it done.</summary>
    protected override async Task CopyCoreAsync(string fullSource, string fullDestination, string sourceKey,
        CancellationToken cancellationToken)
    {
        var destination = _container.GetBlobClient(fullDestination);
        var copy = await destination.StartCopyFromUriAsync(_container.GetBlobClient(fullSource).Uri,
            cancellationToken: cancellationToken);
        await copy.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
        var status = (await destination.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.CopyStatus;
        if (status != CopyStatus.Success)
        {
            throw new StorageTransientException($"azure copy {Location(sourceKey)}: copy ended {status}");
        }
    }

    protected override Task DeleteCoreAsync(string fullKey, CancellationToken cancellationToken) =>
        _container.GetBlobClient(fullKey).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    protected override async IAsyncEnumerable<ObjectInfo> ListCoreAsync(string fullPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = fullPrefix }, cancellationToken))
        {
            yield return new ObjectInfo(item.Name, item.Properties.ContentLength ?? 0,
                item.Properties.LastModified ?? DateTimeOffset.MinValue);
        }
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

    public override string Describe() => _description;

    private string Location(string key) => $"azure://{_container.AccountName}/{_container.Name}/{StorageKeys.Join(Prefix, key)}";

    protected override Exception? Translate(Exception error, string operation, string key, CancellationToken cancellationToken)
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
