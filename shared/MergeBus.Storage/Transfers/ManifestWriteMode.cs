namespace MergeBus.Storage.Transfers;

/// <summary>Where a merged manifest is written (spec §2).</summary>
public enum ManifestWriteMode
{
    /// <summary>Over manifest.json itself (S3, local, and GCS when told to overwrite).</summary>
    InPlace,

    /// <summary>As manifest_merged.json beside the original (GCS by default, as the old worker did).</summary>
    Beside,
}

public static class ManifestKeys
{
    public const string MergedFileName = "manifest_merged.json";

    /// <summary>The key a merged manifest is written to for a job whose manifest is <paramref name="manifestKey"/>.</summary>
    public static string MergedKey(string manifestKey, ManifestWriteMode mode)
    {
        if (mode == ManifestWriteMode.InPlace) return manifestKey;
        var slash = manifestKey.LastIndexOf('/');
        return slash < 0 ? MergedFileName : manifestKey[..(slash + 1)] + MergedFileName;
    }
}
