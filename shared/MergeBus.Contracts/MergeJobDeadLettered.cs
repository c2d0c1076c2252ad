namespace MergeBus.Contracts;

/// <summary>
/// Public event (v1): the job failed for good (a permanent input error, or 3 failed attempts). Published the
/// moment the saga gives up. Fields are only ever added.
/// </summary>
public record MergeJobDeadLettered
{
    public required string JobId { get; init; }
    public string SessionId { get; init; } = "";
    public required string ManifestPath { get; init; }
    /// <summary>"step: one-line reason" of the last failure; never a secret.</summary>
    public required string Reason { get; init; }
    /// <summary>Failed tries, as the status key's <c>retries</c> counts them.</summary>
    public int Attempts { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>The step that failed last: fetch, mix or publish.</summary>
    public string Step { get; init; } = "";
    /// <summary>True when retrying cannot help (bad input); false when the tries ran out.</summary>
    public bool Permanent { get; init; }
}
