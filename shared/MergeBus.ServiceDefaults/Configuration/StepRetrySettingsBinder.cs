using MergeBus.Configuration;
using MergeBus.Protocol.Jobs;

namespace MergeBus.ServiceDefaults.Configuration;

/// <summary>mergebus.retry: how often and how far apart a step retries a transient failure.</summary>
public static class StepRetrySettingsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "mergebus.retry.count", "mergebus.retry.min_interval", "mergebus.retry.max_interval", "mergebus.retry.interval_delta");

    public static StepRetrySettings Bind(ConfigurationValues values)
    {
        var defaults = new StepRetrySettings();
        return new StepRetrySettings
        {
            RetryCount = values.Int("mergebus.retry.count", defaults.RetryCount, min: 0),
            MinInterval = values.Duration("mergebus.retry.min_interval", defaults.MinInterval),
            MaxInterval = values.Duration("mergebus.retry.max_interval", defaults.MaxInterval),
            IntervalDelta = values.Duration("mergebus.retry.interval_delta", defaults.IntervalDelta),
        };
    }
}
