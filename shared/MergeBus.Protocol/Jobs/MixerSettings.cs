namespace MergeBus.Protocol.Jobs;

public sealed record MixerSettings
{
    /// <summary>Mix jobs run at once by one Mixer process; one per core by default.</summary>
    public int ConcurrentJobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Messages the broker hands this Mixer ahead of time; equal to the concurrency by default.</summary>
    public int? PrefetchCount { get; init; }

    /// <summary>libopus complexity for Ogg Opus outputs, 0–10 (<c>mergebus.opus.complexity</c>); 10, libopus' default, is the best quality.</summary>
    public int OpusComplexity { get; init; } = 10;
}
