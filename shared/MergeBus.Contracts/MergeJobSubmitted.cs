namespace MergeBus.Contracts;

public record MergeJobSubmitted
{
    public required string JobId { get; init; }
    public required string ManifestPath { get; init; }
    public string SessionId { get; init; } = "";
    public DateTimeOffset Timestamp { get; init; }
}
