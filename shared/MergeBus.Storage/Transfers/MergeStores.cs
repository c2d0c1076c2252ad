namespace MergeBus.Storage.Transfers;

/// <summary>
/// Recordings: where manifests, participant tracks and published mixes live.
/// Staging: where steps hand files to each other (keys under staging/&lt;job&gt;/try-N/).
/// They may be the same store; then moving a staged file is a server-side copy.
/// </summary>
public sealed record MergeStores(IObjectStorage Recordings, IObjectStorage Staging)
{
    public bool StagingIsRecordings => ReferenceEquals(Recordings, Staging);

    /// <summary>Where the merged manifest goes: over the original, or beside it (GCS, spec §2).</summary>
    public ManifestWriteMode ManifestWrite { get; init; } = ManifestWriteMode.InPlace;

    /// <summary>The key the merged manifest of <paramref name="manifestKey"/> is written to.</summary>
    public string MergedManifestKey(string manifestKey) => ManifestKeys.MergedKey(manifestKey, ManifestWrite);
}
