namespace MergeBus.Storage;

/// <summary>A store that can prove, with one cheap request, that its credentials and bucket work.</summary>
public interface IStorageAccessCheck
{
    /// <exception cref="StorageConfigurationException">Refused credentials or a missing bucket, naming the key.</exception>
    /// <exception cref="StorageTransientException">The store did not answer; worth asking again.</exception>
    Task CheckAccessAsync(CancellationToken cancellationToken);
}
