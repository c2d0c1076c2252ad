namespace MergeBus.Configuration.Ingest;

/// <summary>mergebus.stall_timeout: when the stalled-job sweeper sends a silent step's command again.</summary>
public static class StalledJobSettingsBinder
{
    public static ConfigurationKeys Keys { get; } = new("mergebus.stall_timeout");

    public static StalledJobSettings Bind(ConfigurationValues values) => new()
    {
        StallTimeout = values.Duration("mergebus.stall_timeout", new StalledJobSettings().StallTimeout),
    };
}
