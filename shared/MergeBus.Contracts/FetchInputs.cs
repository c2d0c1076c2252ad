namespace MergeBus.Contracts;

/// <summary>Download, verify (size, sha256, LKAE), and probe every participant's input.</summary>
public record FetchInputs
{
    public required string JobId { get; init; }
    /// <summary>The job's attempt: 1, plus one per failed attempt before it (the status key's retries + 1).</summary>
    public required int Attempt { get; init; }
    /// <summary>The saga's try number for this step: replies carrying an older one are stale and ignored.</summary>
    public int Try { get; init; }
    public required string ManifestPath { get; init; }
    public string? Layout { get; init; }
    public IReadOnlyList<string>? Formats { get; init; }
    /// <summary>off or speech; null: the manifest's, else the configured default.</summary>
    public string? Loudness { get; init; }
}
