namespace MergeBus.Storage;

/// <summary>The storage backends the egress can be configured with (spec §5).</summary>
public enum StorageBackend
{
    S3,
    Gcs,
    Azure,
}
