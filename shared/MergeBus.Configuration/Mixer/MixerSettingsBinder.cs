namespace MergeBus.Configuration.Mixer;

/// <summary>mergebus.mixer (concurrency, prefetch, shutdown_timeout) and mergebus.opus.complexity.</summary>
public static class MixerSettingsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "mergebus.mixer.concurrency", "mergebus.mixer.prefetch", "mergebus.mixer.shutdown_timeout", "mergebus.opus.complexity");

    public static MixerSettings Bind(ConfigurationValues values)
    {
        var concurrency = values.Int("mergebus.mixer.concurrency", Environment.ProcessorCount, min: 1);
        return new MixerSettings
        {
            ConcurrentJobs = concurrency,
            PrefetchCount = values.Get("mergebus.mixer.prefetch") is null
                ? null
                : values.Int("mergebus.mixer.prefetch", concurrency, min: 1),
            OpusComplexity = OpusComplexity(values),
            ShutdownTimeout = values.Duration("mergebus.mixer.shutdown_timeout", MixerSettings.DefaultShutdownTimeout),
        };
    }

    /// <summary>libopus complexity 0–10 for Ogg Opus outputs (10, the default, is libopus' and ffmpeg's).</summary>
    private static int OpusComplexity(ConfigurationValues values)
    {
        var value = values.Int("mergebus.opus.complexity", 10, min: 0);
        if (value > 10) throw new ConfigurationException("mergebus.opus.complexity", "must be a whole number from 0 to 10");
        return value;
    }
}
