using MergeBus.Storage.Azure;
using MergeBus.Storage.Gcs;
using MergeBus.Storage.S3;
using MergeBus.Storage.Transfers;

namespace MergeBus.Storage;

/// <summary>
/// The one configured store: exactly one of <see cref="S3"/>, <see cref="Gcs"/> and <see cref="Azure"/> is set.
/// Built from the egress YAML by the settings loader; <see cref="ObjectStorageFactory"/> turns it into a store.
/// </summary>
public sealed record StorageOptions
{
    public S3StorageOptions? S3 { get; init; }

    public GcsStorageOptions? Gcs { get; init; }

    public AzureStorageOptions? Azure { get; init; }

    public GcsManifestMode GcsManifestMode { get; init; } = GcsManifestMode.Beside;

    public StorageBackend Backend =>
        S3 is not null ? StorageBackend.S3
        : Gcs is not null ? StorageBackend.Gcs
        : Azure is not null ? StorageBackend.Azure
        : throw new InvalidOperationException("no storage backend is configured");

    /// <summary>The bucket (S3, GCS) or container (Azure): object URLs of any other are refused.</summary>
    public string Bucket => S3?.Bucket ?? Gcs?.Bucket ?? Azure?.ContainerName ?? "";

    public string? Prefix => S3?.Prefix ?? Gcs?.Prefix ?? Azure?.Prefix;

    /// <summary>Where a merged manifest is written: beside the original only on GCS in <see cref="GcsManifestMode.Beside"/>.</summary>
    public ManifestWriteMode ManifestWrite =>
        Backend == StorageBackend.Gcs && GcsManifestMode == GcsManifestMode.Beside ? ManifestWriteMode.Beside : ManifestWriteMode.InPlace;

    public static StorageOptions For(S3StorageOptions s3) => new() { S3 = s3 };

    /// <summary>A summary safe for logs: backend, bucket, prefix and endpoint; never a credential.</summary>
    public override string ToString() => Backend switch
    {
        StorageBackend.S3 => $"s3://{S3!.Bucket}/{S3.Prefix}{(S3.Endpoint is null ? "" : " at " + S3.Endpoint)}",
        StorageBackend.Gcs => $"gs://{Gcs!.Bucket}/{Gcs.Prefix}{(Gcs.Endpoint is null ? "" : " at " + Gcs.Endpoint)}" +
                              $" (manifest {GcsManifestMode.ToString().ToLowerInvariant()})",
        _ => $"azure://{Azure!.AccountName}/{Azure.ContainerName}/{Azure.Prefix}{(Azure.Endpoint is null ? "" : " at " + Azure.Endpoint)}",
    };
}
