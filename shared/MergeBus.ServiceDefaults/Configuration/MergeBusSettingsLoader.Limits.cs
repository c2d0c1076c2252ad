using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Redis.Queue;

namespace MergeBus.ServiceDefaults.Configuration;

// The limits a job can hit, bound in one place (docs/limits.md lists each with its default and error).
public static partial class MergeBusSettingsLoader
{
    private static readonly string[] LimitKeys =
    [
        "mergebus.limits.max_session_length", "mergebus.limits.max_input_bytes", "mergebus.limits.max_participants",
        "mergebus.limits.max_queue_entry_bytes", "mergebus.limits.max_id_length", "mergebus.limits.max_path_length",
        "mergebus.limits.max_dead_entries", "mergebus.limits.max_webhook_failures",
        "mergebus.limits.api_requests_per_minute", "mergebus.limits.sign_in_failures_per_minute",
    ];

    private static MergeLimits Limits(ConfigurationValues values)
    {
        var defaults = new MergeLimits();
        return new MergeLimits
        {
            MaxSessionDuration = Duration(values, "mergebus.limits.max_session_length", defaults.MaxSessionDuration),
            MaxInputBytes = Long(values, "mergebus.limits.max_input_bytes", defaults.MaxInputBytes, min: 1),
            MaxParticipants = Int(values, "mergebus.limits.max_participants", defaults.MaxParticipants, min: 1),
        };
    }

    /// <summary>Queue entries and their fields, from the queue or the API.</summary>
    private static EgressQueueOptions QueueLimits(ConfigurationValues values, EgressQueueOptions queue) => queue with
    {
        MaxEntryBytes = Int(values, "mergebus.limits.max_queue_entry_bytes", queue.MaxEntryBytes, min: 1024),
        MaxIdChars = Int(values, "mergebus.limits.max_id_length", queue.MaxIdChars, min: 16),
        MaxPathChars = Int(values, "mergebus.limits.max_path_length", queue.MaxPathChars, min: 64),
        MaxDeadEntries = Int(values, "mergebus.limits.max_dead_entries", queue.MaxDeadEntries, min: 1),
    };

    /// <summary>The API's rate limits (per client address).</summary>
    private static ApiSettings ApiLimits(ConfigurationValues values, ApiSettings api) => api with
    {
        RequestsPerMinute = Int(values, "mergebus.limits.api_requests_per_minute", api.RequestsPerMinute, min: 1),
        SignInFailuresPerMinute = Int(values, "mergebus.limits.sign_in_failures_per_minute", api.SignInFailuresPerMinute, min: 1),
    };

    private static MergeBus.Webhooks.WebhookSettings WebhookLimits(ConfigurationValues values, MergeBus.Webhooks.WebhookSettings webhooks) =>
        webhooks with { MaxFailures = Int(values, "mergebus.limits.max_webhook_failures", webhooks.MaxFailures, min: 1) };
}
