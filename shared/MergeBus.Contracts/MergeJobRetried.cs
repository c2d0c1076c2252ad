namespace MergeBus.Contracts;

/// <summary>Public event (v1): support asked to run a dead-lettered job again. Fields are only ever added.</summary>
public record MergeJobRetried
{
    public required string JobId { get; init; }
    public string SessionId { get; init; } = "";
    public required string ManifestPath { get; init; }
    /// <summary>The step the retry starts from: fetch, mix or publish.</summary>
    public string FromStep { get; init; } = "";
    public DateTimeOffset Timestamp { get; init; }
}
