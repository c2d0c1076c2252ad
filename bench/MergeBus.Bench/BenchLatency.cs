namespace MergeBus.Bench;

/// <summary>Enqueue → completed of one small session on a running stack, job after job (see docs/benchmarks.md).</summary>
/// <param name="Stack">Which stack measured it, in words.</param>
/// <param name="ColdMilliseconds">The first job of a freshly started stack (.NET warm-up included), not in the median.</param>
public sealed record BenchLatency(string Session, string Stack, double MedianMilliseconds, IReadOnlyList<double> Milliseconds, double ColdMilliseconds)
{
    /// <summary>The goal for the p50.</summary>
    public const double GoalMilliseconds = 250;
}
