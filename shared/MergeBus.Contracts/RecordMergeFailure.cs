namespace MergeBus.Contracts;

/// <summary>Write room_mix {status: failed, error} into the manifest, when the manifest can be read.</summary>
public record RecordMergeFailure
{
    public required string JobId { get; init; }
    public required string ManifestPath { get; init; }
    public required string Reason { get; init; }
    public string StagingPrefix { get; init; } = "";
}
