namespace MergeBus.Contracts;

/// <summary>Public event (v1): the saga accepted a merge job and starts its first step. Fields are only ever added.</summary>
public record MergeJobStarted
{
    public required string JobId { get; init; }
    public string SessionId { get; init; } = "";
    public required string ManifestPath { get; init; }
    /// <summary>Where the job came from: queue, api, cli or retry.</summary>
    public string Source { get; init; } = "";
    public DateTimeOffset Timestamp { get; init; }
}
