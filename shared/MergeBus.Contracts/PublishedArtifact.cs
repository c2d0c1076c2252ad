namespace MergeBus.Contracts;

public record PublishedArtifact
{
    public required string Format { get; init; }
    public required string StorageUri { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public long DurationMs { get; init; }
}
