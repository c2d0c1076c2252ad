using System.Net;
using System.Runtime.CompilerServices;
using Google;
using Google.Cloud.Storage.V1;

namespace MergeBus.Storage.Gcs;

/// <summary>
/// <see cref="IObjectStorage"/> over a Google Cloud Storage bucket (JSON API). Keys are validated like local keys and
/// placed under the configured prefix. Uploads are resumable sessions that commit only when complete; copies are
/// server-side rewrites; downloads stream the media without buffering.
/// </summary>
public sealed class GcsObjectStorage : BucketObjectStorage, IStorageAccessCheck, IDisposable
{
    private readonly StorageClient _client;
    private readonly GcsStorageOptions _options;
    private readonly string _bucket;
    private readonly string _description;

    public GcsObjectStorage(GcsStorageOptions options)
        : base(options?.Prefix)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        _options = options;
        _bucket = options.Bucket;
        _client = GcsClientFactory.Create(options);
        _description = $"gs://{_bucket}/{Prefix}" + (options.Endpoint is null ? string.Empty : $" at {options.Endpoint}");
    }

    public string Bucket => _bucket;

    protected override async Task<ObjectInfo> StatCoreAsync(string fullKey, string key, CancellationToken cancellationToken)
    {
        var item = await _client.GetObjectAsync(_bucket, fullKey, cancellationToken: cancellationToken);
        return new ObjectInfo(key, (long)(item.Size ?? 0), item.UpdatedDateTimeOffset ?? DateTimeOffset.MinValue);
    }

    protected override async Task<Stream> OpenReadCoreAsync(string fullKey, string key, CancellationToken cancellationToken)
    {
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
            return new DownloadBodyStream(body, response.Content.Headers.ContentLength, response, Location(key));
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    protected override Task UploadCoreAsync(string fullKey, string key, Stream content, CancellationToken cancellationToken) =>
        _client.UploadObjectAsync(_bucket, fullKey, ContentTypes.Of(key), content,
            new UploadObjectOptions { ChunkSize = _options.UploadChunkSize }, cancellationToken);

    /// <summary>Server-side (objects.rewrite, repeated by the SDK until done): no byte passes through this process.</summary>
    protected override Task CopyCoreAsync(string fullSource, string fullDestination, string sourceKey,
        CancellationToken cancellationToken) =>
        _client.CopyObjectAsync(_bucket, fullSource, _bucket, fullDestination, cancellationToken: cancellationToken);

    protected override Task DeleteCoreAsync(string fullKey, CancellationToken cancellationToken) =>
        _client.DeleteObjectAsync(_bucket, fullKey, cancellationToken: cancellationToken);

    protected override async IAsyncEnumerable<ObjectInfo> ListCoreAsync(string fullPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _client.ListObjectsAsync(_bucket, fullPrefix).WithCancellation(cancellationToken))
        {
            yield return new ObjectInfo(item.Name, (long)(item.Size ?? 0), item.UpdatedDateTimeOffset ?? DateTimeOffset.MinValue);
        }
    }

    /// <summary>
    /// One cheap authenticated request against the bucket (a one-item listing under the prefix), so a wrong credential
    /// or a missing bucket is found at start. Throws <see cref="StorageConfigurationException"/> naming the key.
    /// </summary>
    public async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        try
        {
            var page = _client.ListObjectsAsync(_bucket, Prefix.Length == 0 ? null : Prefix + "/");
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

    public override string Describe() => _description;

    public void Dispose() => _client.Dispose();

    private string Location(string key) => $"gs://{_bucket}/{StorageKeys.Join(Prefix, key)}";

    protected override Exception? Translate(Exception error, string operation, string key, CancellationToken cancellationToken)
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
