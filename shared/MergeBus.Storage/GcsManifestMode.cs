namespace MergeBus.Storage;

/// <summary>Where a merged manifest goes on GCS (spec §2): <c>mergebus.storage.gcs_manifest_mode</c>.</summary>
public enum GcsManifestMode
{
    /// <summary>manifest_merged.json beside the original, as the old worker wrote it: needs no delete permission.</summary>
    Beside,

    /// <summary>Rewrite manifest.json in place: the service account needs delete (overwrite) permission.</summary>
    Overwrite,
}
