namespace MergeBus.Protocol.Jobs;

/// <summary>
/// How often a step retries a transient failure (storage 5xx, timeouts, dropped connections) before the try counts
/// as failed, and how long it waits in between.
/// </summary>
public sealed record StepRetrySettings
{
    public int RetryCount { get; init; } = 3;
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan IntervalDelta { get; init; } = TimeSpan.FromSeconds(2);
}
