namespace MergeBus.Contracts;

/// <summary>Published when the saga hands a job to a step; feeds status keys and dashboards.</summary>
public record MergeJobStepStarted
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    public required string Step { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}
