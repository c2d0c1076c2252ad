using MergeBus.Configuration;
using MergeBus.Redis.Queue;

namespace MergeBus.ServiceDefaults.Configuration;

/// <summary>mergebus.queue: the egress queue's visibility timeout and poll interval.</summary>
public static class EgressQueueOptionsBinder
{
    public static ConfigurationKeys Keys { get; } = new("mergebus.queue.visibility_timeout", "mergebus.queue.poll_interval");

    public static EgressQueueOptions Bind(ConfigurationValues values)
    {
        var defaults = new EgressQueueOptions();
        return new EgressQueueOptions
        {
            VisibilityTimeout = values.Duration("mergebus.queue.visibility_timeout", defaults.VisibilityTimeout),
            PollInterval = values.Duration("mergebus.queue.poll_interval", defaults.PollInterval),
        };
    }
}
