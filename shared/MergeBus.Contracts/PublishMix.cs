namespace MergeBus.Contracts;

/// <summary>Move the staged mix to its final keys and record it in the manifest.</summary>
public record PublishMix
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    public required string ManifestPath { get; init; }
    public required IReadOnlyList<StagedArtifact> Artifacts { get; init; }
    public required IReadOnlyList<ChannelAssignment> Channels { get; init; }
    public required string Layout { get; init; }
    public string StagingPrefix { get; init; } = "";
}
