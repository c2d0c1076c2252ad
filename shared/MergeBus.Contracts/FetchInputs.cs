namespace MergeBus.Contracts;

/// <summary>Download, verify (size, sha256, LKAE), and probe every participant's input.</summary>
public record FetchInputs
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    public required string ManifestPath { get; init; }
    public string? Layout { get; init; }
    public IReadOnlyList<string>? Formats { get; init; }
}
