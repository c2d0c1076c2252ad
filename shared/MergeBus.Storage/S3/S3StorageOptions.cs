namespace MergeBus.Storage.S3;

/// <summary>
/// Where and how to reach an S3-compatible bucket (spec §5, <c>storage.s3</c> plus <c>storage.prefix</c>).
/// Leave <see cref="AccessKey"/> empty to use the SDK's default credential chain (IAM role, IRSA, env).
/// </summary>
public sealed record S3StorageOptions
{
    public const string DefaultRegion = "us-east-1";

    public required string Bucket { get; init; }

    /// <summary>Joined with '/' in front of every key: "recordings" + "room/a.ogg" is "recordings/room/a.ogg".</summary>
    public string? Prefix { get; init; }

    /// <summary>Service URL of a non-AWS endpoint (MinIO, s3rver). A missing scheme means https.</summary>
    public string? Endpoint { get; init; }

    public string? Region { get; init; }

    public bool ForcePathStyle { get; init; }

    public string? AccessKey { get; init; }

    public string? Secret { get; init; }

    public string? SessionToken { get; init; }

    /// <summary>Per HTTP request; a multipart upload makes one request per 16 MiB part.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>SDK-level retries only; callers retry whole operations on <see cref="StorageTransientException"/>.</summary>
    public int MaxSdkRetries { get; init; } = 2;

    /// <summary>
    /// Builds options from the raw spec §5 values, treating empty strings as absent (the YAML leaves them "").
    /// </summary>
    public static S3StorageOptions FromEgressConfig(
        string bucket,
        string? prefix = null,
        string? accessKey = null,
        string? secret = null,
        string? sessionToken = null,
        string? region = null,
        string? endpoint = null,
        bool forcePathStyle = false)
    {
        if (string.IsNullOrWhiteSpace(bucket))
        {
            throw new ArgumentException("storage.s3.bucket is required", nameof(bucket));
        }

        return new S3StorageOptions
        {
            Bucket = bucket.Trim(),
            Prefix = Blank(prefix),
            AccessKey = Blank(accessKey),
            Secret = Blank(secret),
            SessionToken = Blank(sessionToken),
            Region = Blank(region),
            Endpoint = Blank(endpoint),
            ForcePathStyle = forcePathStyle,
        };
    }

    /// <summary>Never prints credentials: only whether each is set.</summary>
    public override string ToString() =>
        $"S3StorageOptions {{ Bucket = {Bucket}, Prefix = {Prefix}, Endpoint = {SafeEndpoint()}, Region = {Region}, " +
        $"ForcePathStyle = {ForcePathStyle}, AccessKey = {Mask(AccessKey)}, Secret = {Mask(Secret)}, " +
        $"SessionToken = {Mask(SessionToken)}, RequestTimeout = {RequestTimeout}, MaxSdkRetries = {MaxSdkRetries} }}";

    // An endpoint may carry user info ("https://user:pass@host"); print it without that.
    private string? SafeEndpoint()
    {
        try
        {
            return Endpoint is null ? null : S3ClientFactory.EndpointUri(Endpoint).ToString();
        }
        catch (ArgumentException)
        {
            return "(invalid)";
        }
    }

    private static string Mask(string? value) => string.IsNullOrEmpty(value) ? "(none)" : "***";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
