using MergeBus.Configuration;

namespace MergeBus.Storage.Gcs;

/// <summary>
/// storage.gcp of the egress config (spec §5), with storage.prefix and mergebus.storage.gcs_endpoint. Without
/// credentials_json, Google's application default credentials (workload identity, env) are used.
/// </summary>
public static class GcsStorageOptionsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "storage.gcp.bucket", "storage.gcp.credentials_json", "mergebus.storage.gcs_endpoint");

    public static GcsStorageOptions Bind(ConfigurationValues values) => new()
    {
        Bucket = values.Get("storage.gcp.bucket")?.Trim() ?? throw new ConfigurationException("storage.gcp.bucket", "is required"),
        CredentialsJson = values.Get("storage.gcp.credentials_json"),
        Prefix = values.Get("storage.prefix"),
        Endpoint = values.HttpUrl("mergebus.storage.gcs_endpoint"),
    };
}
