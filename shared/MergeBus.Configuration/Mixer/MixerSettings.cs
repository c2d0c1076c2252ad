namespace MergeBus.Configuration.Mixer;

public sealed record MixerSettings
{
    /// <summary>Mix jobs run at once by one Mixer process; one per core by default.</summary>
    public int ConcurrentJobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Messages the broker hands this Mixer ahead of time; equal to the concurrency by default.</summary>
    public int? PrefetchCount { get; init; }

    /// <summary>libopus complexity for Ogg Opus outputs, 0–10 (<c>mergebus.opus.complexity</c>); 10, libopus' default, is the best quality.</summary>
    public int OpusComplexity { get; init; } = 10;

    /// <summary>
    /// How long a stopping Mixer (SIGTERM) may go on with the mixes in hand. It takes no new work from the moment
    /// it is told to stop; a mix that is not done by then is cancelled and handed back to the queue for another
    /// Mixer. Keep it below the orchestrator's grace period (Kubernetes terminationGracePeriodSeconds, compose
    /// stop_grace_period), which ends in SIGKILL.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = DefaultShutdownTimeout;

    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(25);
}
