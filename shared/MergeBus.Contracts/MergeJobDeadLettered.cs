namespace MergeBus.Contracts;

/// <summary>Public event: the job failed for good (a permanent input error, or 3 failed attempts).</summary>
public record MergeJobDeadLettered
{
    public required string JobId { get; init; }
    public string SessionId { get; init; } = "";
    public required string ManifestPath { get; init; }
    public required string Reason { get; init; }
    public int Attempts { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
    public DateTimeOffset Timestamp { get; init; }
}
