using MergeBus.Configuration;
using MergeBus.Storage.Azure;
using MergeBus.Storage.Gcs;
using MergeBus.Storage.S3;

namespace MergeBus.Storage;

/// <summary>
/// The egress config's one storage backend (storage.s3, storage.gcp or storage.azure; S3 when none is set, so its
/// missing bucket is the error), plus mergebus.storage.gcs_manifest_mode.
/// </summary>
public static class StorageOptionsBinder
{
    private const string GcsManifestModeKey = "mergebus.storage.gcs_manifest_mode";

    public static ConfigurationKeys Keys { get; } = new(
        ["storage.prefix", GcsManifestModeKey, .. S3StorageOptionsBinder.Keys.Names, .. GcsStorageOptionsBinder.Keys.Names,
            .. AzureStorageOptionsBinder.Keys.Names]);

    public static StorageOptions Bind(ConfigurationValues values)
    {
        var configured = new[] { "storage.s3", "storage.gcp", "storage.azure" }.Where(k => values.HasAnyUnder(k + ".")).ToList();
        if (configured.Count > 1)
            throw new ConfigurationException(configured[1], $"is set beside {configured[0]}: configure one storage backend");
        var gcsManifest = (values.Get(GcsManifestModeKey) ?? "beside").ToLowerInvariant() switch
        {
            "beside" => GcsManifestMode.Beside,
            "overwrite" => GcsManifestMode.Overwrite,
            _ => throw new ConfigurationException(GcsManifestModeKey, "must be beside or overwrite"),
        };
        return configured.FirstOrDefault() switch
        {
            "storage.gcp" => new StorageOptions { Gcs = GcsStorageOptionsBinder.Bind(values), GcsManifestMode = gcsManifest },
            "storage.azure" => new StorageOptions { Azure = AzureStorageOptionsBinder.Bind(values) },
            _ => StorageOptions.For(S3StorageOptionsBinder.Bind(values)),
        };
    }
}
