namespace MergeBus.Contracts;

/// <summary>Published now and then while a mix runs, for progress displays.</summary>
public record MixProgressed
{
    public required string JobId { get; init; }
    public int Attempt { get; init; }
    /// <summary>0..1 of the timeline processed.</summary>
    public double Fraction { get; init; }
    public long ProcessedMs { get; init; }
    public long TotalMs { get; init; }
}
