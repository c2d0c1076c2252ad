namespace MergeBus.Configuration.Ingest;

public sealed record StalledJobSettings
{
    /// <summary>
    /// A step with no sign of life for this long has its command sent again (a mix signals life with every
    /// progress report). Longer than any fetch or publish takes, and than a command waits in its queue.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the sweeper looks; at most half the timeout.</summary>
    public TimeSpan Period => StallTimeout / 2 < TimeSpan.FromMinutes(1) ? StallTimeout / 2 : TimeSpan.FromMinutes(1);
}
