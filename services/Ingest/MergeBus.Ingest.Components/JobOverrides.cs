namespace MergeBus.Ingest.Components;

/// <summary>What a caller of the API or CLI may choose beyond the egress job.</summary>
public sealed record JobOverrides(string? Layout = null, IReadOnlyList<string>? Formats = null, string Source = "api")
{
    /// <summary>Speaker leveling, off or speech (null: the manifest's, else the configured default).</summary>
    public string? Loudness { get; init; }
}
