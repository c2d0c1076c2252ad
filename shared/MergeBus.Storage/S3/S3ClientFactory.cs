using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace MergeBus.Storage.S3;

/// <summary>
/// Builds an SDK client that talks only to the configured endpoint: explicit region (no region probing),
/// explicit keys when given (no credential chain, no EC2 metadata), no endpoint overrides from env/profile,
/// and checksums only when S3 requires them (the SDK's newer defaults break non-AWS servers such as s3rver).
/// </summary>
public static class S3ClientFactory
{
    /// <param name="httpClientFactory">The SDK's HTTP, unless given (an offline rehearsal's).</param>
    public static AmazonS3Client Create(S3StorageOptions options, HttpClientFactory? httpClientFactory = null)
    {
        var region = options.Region ?? S3StorageOptions.DefaultRegion;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            IgnoreConfiguredEndpointUrls = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = options.RequestTimeout,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxSdkRetries,
        };
        if (httpClientFactory is not null) config.HttpClientFactory = httpClientFactory;

        // ServiceURL and RegionEndpoint reset each other, so set exactly one; sign with the region either way.
        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = EndpointUri(endpoint).ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return options.AccessKey is null
            ? new AmazonS3Client(config)
            : new AmazonS3Client(Credentials(options), config);
    }

    /// <summary>The endpoint as a URI without user info, query or fragment (those could carry secrets).</summary>
    internal static Uri EndpointUri(string endpoint)
    {
        var withScheme = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "https://" + endpoint;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("storage.s3.endpoint is not an http(s) URL");
        }

        return new UriBuilder(uri.Scheme, uri.Host, uri.Port, uri.AbsolutePath).Uri;
    }

    private static AWSCredentials Credentials(S3StorageOptions options)
    {
        if (string.IsNullOrEmpty(options.Secret))
        {
            throw new ArgumentException("storage.s3.secret is required when storage.s3.access_key is set");
        }

        return options.SessionToken is null
            ? new BasicAWSCredentials(options.AccessKey, options.Secret)
            : new SessionAWSCredentials(options.AccessKey, options.Secret, options.SessionToken);
    }
}
