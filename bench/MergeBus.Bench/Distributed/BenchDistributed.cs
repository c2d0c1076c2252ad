namespace MergeBus.Bench.Distributed;

/// <summary>
/// The distributed row: one session merged from S3 and back by the four services as processes, enqueue (RPUSH) →
/// status key completed, beside the floor of the same files. <see cref="Missing"/> instead when it could not run.
/// </summary>
public sealed record BenchDistributed
{
    /// <summary>The goal for enqueue → completed over the floor.</summary>
    public const double GoalRatio = 1.5;

    public required string Session { get; init; }

    public required string Stack { get; init; }

    /// <summary>Why the row did not run (a server not installed, the services not published, a failure), one line.</summary>
    public string? Missing { get; init; }

    public double? WallSeconds { get; init; }

    public double? FloorSeconds { get; init; }

    public double? FloorRatio => WallSeconds is { } w && FloorSeconds is { } f && f > 0 ? w / f : null;

    /// <summary>The saga's own account of each step (fetch, mix, publish), in milliseconds.</summary>
    public IReadOnlyDictionary<string, long> StepMilliseconds { get; init; } = new Dictionary<string, long>();

    /// <summary>The first job of the freshly started stack (a 2 × 10 s session), enqueue → completed.</summary>
    public double? ColdJobSeconds { get; init; }

    /// <summary>Each service, exec → /health/ready 200, started together.</summary>
    public IReadOnlyDictionary<string, double> ReadyMilliseconds { get; init; } = new Dictionary<string, double>();
}
