namespace MergeBus.Contracts;

/// <summary>Published now and then while a mix runs, for progress displays.</summary>
public record MixProgressed
{
    public required string JobId { get; init; }
    /// <summary>The job's attempt: 1, plus one per failed attempt before it (the status key's retries + 1).</summary>
    public int Attempt { get; init; }
    /// <summary>The saga's try number for this step: replies carrying an older one are stale and ignored.</summary>
    public int Try { get; init; }
    /// <summary>0..1 of the timeline processed.</summary>
    public double Fraction { get; init; }
    public long ProcessedMs { get; init; }
    public long TotalMs { get; init; }
}
