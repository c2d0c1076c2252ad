using MergeBus.Configuration;

namespace MergeBus.Storage.S3;

/// <summary>storage.s3 of the egress config (spec §5), with storage.prefix.</summary>
public static class S3StorageOptionsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "storage.s3.bucket", "storage.s3.endpoint", "storage.s3.access_key", "storage.s3.secret",
        "storage.s3.session_token", "storage.s3.region", "storage.s3.force_path_style");

    public static S3StorageOptions Bind(ConfigurationValues values)
    {
        var bucket = values.Required("storage.s3.bucket");
        var endpoint = values.HttpUrl("storage.s3.endpoint");
        if (values.Get("storage.s3.access_key") is not null && values.Get("storage.s3.secret") is null)
            throw new ConfigurationException("storage.s3.secret", "is required when storage.s3.access_key is set");
        return S3StorageOptions.FromEgressConfig(
            bucket,
            prefix: values.Get("storage.prefix"),
            accessKey: values.Get("storage.s3.access_key"),
            secret: values.Get("storage.s3.secret"),
            sessionToken: values.Get("storage.s3.session_token"),
            region: values.Get("storage.s3.region"),
            endpoint: endpoint,
            forcePathStyle: values.Bool("storage.s3.force_path_style", false));
    }
}
