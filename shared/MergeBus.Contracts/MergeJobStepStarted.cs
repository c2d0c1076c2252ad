namespace MergeBus.Contracts;

/// <summary>Published when the saga hands a job to a step; feeds status keys and dashboards.</summary>
public record MergeJobStepStarted
{
    public required string JobId { get; init; }
    /// <summary>The job's attempt: 1, plus one per failed attempt before it (the status key's retries + 1).</summary>
    public required int Attempt { get; init; }
    /// <summary>The saga's try number for this step: replies carrying an older one are stale and ignored.</summary>
    public int Try { get; init; }
    public required string Step { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}
