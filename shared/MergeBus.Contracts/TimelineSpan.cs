namespace MergeBus.Contracts;

/// <summary>A stretch of mix time, ms.</summary>
public record TimelineSpan
{
    public double StartMs { get; init; }
    public double EndMs { get; init; }
}
