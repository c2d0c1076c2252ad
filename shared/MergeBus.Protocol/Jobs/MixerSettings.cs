namespace MergeBus.Protocol.Jobs;

public sealed record MixerSettings
{
    /// <summary>Mix jobs run at once by one Mixer process; one per core by default.</summary>
    public int ConcurrentJobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Messages the broker hands this Mixer ahead of time; equal to the concurrency by default.</summary>
    public int? PrefetchCount { get; init; }
}
