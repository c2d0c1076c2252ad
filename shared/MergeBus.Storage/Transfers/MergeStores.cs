namespace MergeBus.Storage.Transfers;

/// <summary>
/// Recordings: where manifests, participant tracks and published mixes live.
/// Staging: where steps hand files to each other (keys under staging/&lt;job&gt;/attempt-N/).
/// They may be the same store; then moving a staged file is a server-side copy.
/// </summary>
public sealed record MergeStores(IObjectStorage Recordings, IObjectStorage Staging)
{
    public bool StagingIsRecordings => ReferenceEquals(Recordings, Staging);
}
