using System.Net;
using Google;
using Google.Cloud.Storage.V1;

namespace MergeBus.Storage.Gcs;

/// <summary>
/// <see cref="IObjectStorage"/> over a Google Cloud Storage bucket (JSON API). Keys are validated like local keys and
/// placed under the configured prefix. Uploads are resumable sessions that commit only when complete; copies are
/// server-side rewrites; downloads stream the media without buffering.
/// </summary>
public sealed class GcsObjectStorage : IObjectStorage, IStorageAccessCheck, IDisposable
{
    private readonly StorageClient _client;
    private readonly GcsStorageOptions _options;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly string _description;

    public GcsObjectStorage(GcsStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        _options = options;
        _bucket = options.Bucket;
        _prefix = StorageKeys.NormalizeStorePrefix(options.Prefix);
        _client = GcsClientFactory.Create(options);
        _description = $"gs://{_bucket}/{_prefix}" + (options.Endpoint is null ? string.Empty : $" at {options.Endpoint}");
    }

    public string Bucket => _bucket;

    public string Prefix => _prefix;

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        var fullKey = FullKey(key);
        try
        {
            var item = await _client.GetObjectAsync(_bucket, fullKey, cancellationToken: cancellationToken);
            return new ObjectInfo(key, (long)(item.Size ?? 0), item.UpdatedDateTimeOffset ?? DateTimeOffset.MinValue);
        }
        catch (Exception e) when (Translate(e, "stat", key, cancellationToken) is { } mapped)
        {
            return mapped is StorageObjectNotFoundException ? null : throw mapped;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var fullKey = FullKey(key);
        // The JSON API's media download, through the SDK's own authenticated HTTP client, so the body streams.
        var uri = new Uri($"{_client.Service.BaseUri}b/{Uri.EscapeDataString(_bucket)}/o/{Uri.EscapeDataString(fullKey)}?alt=media");
        HttpResponseMessage? response = null;
        try
        {
            response = await _client.Service.HttpClient.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw HttpStoreErrors.FromStatus("gcs", "get", Location(key), key, (int)response.StatusCode, null, null);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new HttpBodyStream(response, body, Location(key));
        }
        catch (Exception e) when (Translate(e, "get", key, cancellationToken) is { } mapped)
        {
            response?.Dispose();
            throw mapped;
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var fullKey = FullKey(key);
        try
        {
            await _client.UploadObjectAsync(_bucket, fullKey, ContentTypes.Of(key), new SourceReadStream(content),
                new UploadObjectOptions { ChunkSize = _options.UploadChunkSize }, cancellationToken);
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
        FullKey(key); // reject a bad key before opening the file
        await using var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read,
            bufferSize: 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await PutAsync(key, file, cancellationToken);
    }

    /// <summary>Server-side (objects.rewrite, repeated by the SDK until done): no byte passes through this process.</summary>
    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        var source = FullKey(sourceKey);
        var destination = FullKey(destinationKey);
        try
        {
            await _client.CopyObjectAsync(_bucket, source, _bucket, destination, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (Translate(e, "copy", sourceKey, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var fullKey = FullKey(key);
        try
        {
            await _client.DeleteObjectAsync(_bucket, fullKey, cancellationToken: cancellationToken);
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
            await foreach (var item in _client.ListObjectsAsync(_bucket, StorageKeys.Join(_prefix, prefix))
                               .WithCancellation(cancellationToken))
            {
                results.Add(new ObjectInfo(RelativeKey(item.Name), (long)(item.Size ?? 0),
                    item.UpdatedDateTimeOffset ?? DateTimeOffset.MinValue));
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
    /// One cheap authenticated request against the bucket (a one-item listing under the prefix), so a wrong credential
    /// or a missing bucket is found at start. Throws <see cref="StorageConfigurationException"/> naming the key.
    /// </summary>
    public async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        try
        {
            var page = _client.ListObjectsAsync(_bucket, _prefix.Length == 0 ? null : _prefix + "/");
            await page.ReadPageAsync(1, cancellationToken);
        }
        catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            throw new StorageConfigurationException("storage.gcp.bucket", $"bucket '{_bucket}' does not exist");
        }
        catch (GoogleApiException e) when (e.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new StorageConfigurationException("storage.gcp.credentials_json",
                $"was refused by bucket '{_bucket}' (HTTP {(int)e.HttpStatusCode})");
        }
        catch (Google.Apis.Auth.OAuth2.Responses.TokenResponseException e)
        {
            throw new StorageConfigurationException("storage.gcp.credentials_json",
                $"was refused by Google's token service ({e.Error?.Error ?? "no reason given"})");
        }
        catch (Exception e) when (Translate(e, "check", "", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public string Describe() => _description;

    public override string ToString() => _description;

    public void Dispose() => _client.Dispose();

    private string FullKey(string key) => StorageKeys.Join(_prefix, StorageKeys.Validate(key));

    private string RelativeKey(string fullKey) => _prefix.Length == 0 ? fullKey : fullKey[(_prefix.Length + 1)..];

    private string Location(string key) => $"gs://{_bucket}/{StorageKeys.Join(_prefix, key)}";

    private Exception? Translate(Exception error, string operation, string key, CancellationToken cancellationToken)
    {
        if (error is StorageException || (error is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        if (error is GoogleApiException api && api.HttpStatusCode != 0)
        {
            var reason = api.Error?.Errors?.FirstOrDefault()?.Reason;
            return HttpStoreErrors.FromStatus("gcs", operation, Location(key), key, (int)api.HttpStatusCode, reason, api);
        }

        return HttpStoreErrors.IsNetworkFailure(error)
            ? new StorageTransientException($"gcs {operation} {Location(key)}: network failure or timeout", error)
            : error is InvalidOperationException
                ? new StorageException($"gcs {operation} {Location(key)}: client error ({error.GetType().Name})", error)
                : null;
    }
}
