using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace MergeBus.Storage.S3;

/// <summary>
/// <see cref="IObjectStorage"/> over an S3-compatible bucket. Every key is validated like a local key and then
/// placed under the configured prefix. SDK failures become <see cref="StorageObjectNotFoundException"/>,
/// <see cref="StorageTransientException"/> (worth retrying) or <see cref="StorageException"/>.
/// </summary>
public sealed class S3ObjectStorage : BucketObjectStorage, IStorageAccessCheck, IStorageWriteRehearsal, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly string _bucket;
    private readonly string _description;
    private readonly S3StorageOptions? _options;

    /// <summary>Creates and owns an SDK client built from <paramref name="options"/>.</summary>
    public S3ObjectStorage(S3StorageOptions options)
        : this(S3ClientFactory.Create(options), options.Bucket, options.Prefix, options.Endpoint, ownsClient: true)
    {
        _options = options;
    }

    /// <summary>Uses a caller-owned client (shared connection pool); the caller disposes it.</summary>
    public S3ObjectStorage(IAmazonS3 client, string bucket, string? prefix = null, string? endpointForDescription = null)
        : this(client, bucket, prefix, endpointForDescription, ownsClient: false)
    {
    }

    private S3ObjectStorage(IAmazonS3 client, string bucket, string? prefix, string? endpoint, bool ownsClient)
        : base(prefix)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        _client = client;
        _ownsClient = ownsClient;
        _bucket = bucket;
        _description = $"s3://{_bucket}/{Prefix}" +
                       (endpoint is null ? string.Empty : $" at {S3ClientFactory.EndpointUri(endpoint)}");
    }

    /// <summary>The spec §5 entry point: the lead's YAML reader fills the options, this builds the store.</summary>
    public static S3ObjectStorage FromOptions(S3StorageOptions options) => new(options);

    public string Bucket => _bucket;

    protected override async Task<ObjectInfo> StatCoreAsync(string fullKey, string key, CancellationToken cancellationToken)
    {
        var head = await _client.GetObjectMetadataAsync(
            new GetObjectMetadataRequest { BucketName = _bucket, Key = fullKey }, cancellationToken);
        return new ObjectInfo(key, head.ContentLength, ToOffset(head.LastModified));
    }

    protected override async Task<Stream> OpenReadCoreAsync(string fullKey, string key, CancellationToken cancellationToken)
    {
        var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = fullKey }, cancellationToken);
        return new DownloadBodyStream(response.ResponseStream, response.ContentLength, response, Location(key));
    }

    protected override Task UploadCoreAsync(string fullKey, string key, Stream content, CancellationToken cancellationToken) =>
        new S3Upload(_client, _bucket, fullKey).RunAsync(content, cancellationToken);

    /// <remarks>
    /// Server-side CopyObject (single request, so objects up to 5 GB; our audio is far below that).
    /// s3rver quirk: the SDK URL-encodes the whole copy source, '/' included ("bucket%2Froom%2Fa.ogg"), and
    /// s3rver decodes it with JavaScript's decodeURI, which leaves %2F encoded, so it answers NoSuchBucket.
    /// Real S3 decodes the header correctly; the test fixture (S3rverServer) patches s3rver instead of this code.
    /// </remarks>
    protected override Task CopyCoreAsync(string fullSource, string fullDestination, string sourceKey,
        CancellationToken cancellationToken) =>
        _client.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = fullSource,
            DestinationBucket = _bucket,
            DestinationKey = fullDestination,
        }, cancellationToken);

    protected override Task DeleteCoreAsync(string fullKey, CancellationToken cancellationToken) =>
        _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = fullKey }, cancellationToken);

    protected override async IAsyncEnumerable<ObjectInfo> ListCoreAsync(string fullPrefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = fullPrefix };
        ListObjectsV2Response page;
        do
        {
            page = await _client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new ObjectInfo(item.Key, item.Size ?? 0, ToOffset(item.LastModified));
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true && !string.IsNullOrEmpty(page.NextContinuationToken));
    }

    /// <summary>
    /// One cheap signed request (a one-key listing), so a refused key or a missing bucket is found at
    /// start. Throws <see cref="StorageConfigurationException"/> naming the key.
    /// </summary>
    public async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                // Cheap and independent of the objects: listing walks them (and s3rver answers 500 for some listings).
                await _client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = _bucket }, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "AccessDenied")
            {
                // A worker allowed to list but not to read the bucket's location: listing proves the same.
                await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, MaxKeys = 1 }, cancellationToken);
            }
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            throw new StorageConfigurationException("storage.s3.bucket", $"bucket '{_bucket}' does not exist");
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied"
                                              or "InvalidToken" or "ExpiredToken")
        {
            var key = e.ErrorCode == "SignatureDoesNotMatch" ? "storage.s3.secret" : "storage.s3.access_key";
            throw new StorageConfigurationException(key, $"was refused by bucket '{_bucket}' ({e.ErrorCode})");
        }
        catch (Exception e) when (Translate(e, "check", "", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>
    /// The upload through a client built from the same options whose HTTP never leaves the process
    /// (<see cref="OfflineHttpClientFactory"/>). A store built over a caller's client has no options to build it from.
    /// </summary>
    public async Task RehearseWriteAsync(string key, string localPath, CancellationToken cancellationToken = default)
    {
        if (_options is null) throw new InvalidOperationException("a store over a caller's client cannot rehearse a write");
        using var offline = new S3ObjectStorage(S3ClientFactory.Create(_options, OfflineHttpClientFactory.Instance), _bucket, _options.Prefix,
            _options.Endpoint, ownsClient: true);
        await offline.PutFileAsync(key, localPath, cancellationToken);
    }

    public override string Describe() => _description;

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private string Location(string key) => $"s3://{_bucket}/{StorageKeys.Join(Prefix, key)}";

    protected override Exception? Translate(Exception error, string operation, string key, CancellationToken cancellationToken) =>
        S3Errors.Translate(error, operation, Location(key), key, cancellationToken);

    private static DateTimeOffset ToOffset(DateTime? value) =>
        value is { } time ? new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;
}
