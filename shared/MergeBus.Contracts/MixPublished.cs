namespace MergeBus.Contracts;

public record MixPublished
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    public required IReadOnlyList<PublishedArtifact> Artifacts { get; init; }
}
