using MergeBus.Storage.Azure;
using MergeBus.Storage.Gcs;
using MergeBus.Storage.S3;

namespace MergeBus.Storage;

/// <summary>Builds the configured backend's store. Bad credentials that can be seen offline throw here already.</summary>
public static class ObjectStorageFactory
{
    /// <exception cref="StorageConfigurationException">A credential that cannot be used (malformed key or JSON).</exception>
    public static IObjectStorage Create(StorageOptions options) => options.Backend switch
    {
        StorageBackend.S3 => new S3ObjectStorage(options.S3!),
        StorageBackend.Gcs => new GcsObjectStorage(options.Gcs!),
        _ => new AzureObjectStorage(options.Azure!),
    };
}
