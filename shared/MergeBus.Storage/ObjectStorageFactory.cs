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

/// <summary>A store that can prove, with one cheap request, that its credentials and bucket work.</summary>
public interface IStorageAccessCheck
{
    /// <exception cref="StorageConfigurationException">Refused credentials or a missing bucket, naming the key.</exception>
    /// <exception cref="StorageTransientException">The store did not answer; worth asking again.</exception>
    Task CheckAccessAsync(CancellationToken cancellationToken);
}
