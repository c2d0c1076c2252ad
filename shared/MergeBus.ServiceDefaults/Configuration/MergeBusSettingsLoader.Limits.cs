using MergeBus.Configuration;
using MergeBus.Configuration.Ingest;
using MergeBus.Configuration.LiveKit;
using MergeBus.Protocol.Manifests;
using MergeBus.Redis.Queue;

namespace MergeBus.ServiceDefaults.Configuration;

// The limits a job can hit, bound in one place (docs/limits.md lists each with its default and error).
public static partial class MergeBusSettingsLoader
{
    private static readonly string[] LimitKeys =
    [
        "mergebus.limits.max_session_length", "mergebus.limits.max_input_bytes", "mergebus.limits.max_participants",
        MergeLimits.MaxOutputBytesSetting, MergeLimits.MinJobTimeSetting, MergeLimits.JobTimePerSessionSecondSetting,
        "mergebus.limits.end_tolerance", "mergebus.limits.max_runs_per_input", "mergebus.limits.input_sample_rates",
        "mergebus.limits.max_queue_entry_bytes", "mergebus.limits.max_id_length", "mergebus.limits.max_path_length",
        "mergebus.limits.max_dead_entries", "mergebus.limits.max_webhook_failures",
        "mergebus.limits.api_requests_per_minute", "mergebus.limits.sign_in_failures_per_minute",
        MaxLiveKitEventsPerRoomSetting,
    ];

    /// <summary>
    /// The limits alone, for `mergebus merge`: a local merge needs no Redis or storage section, but holds to the same
    /// `mergebus.limits.*` (from MERGEBUS__LIMITS__… or the egress YAML) as the services.
    /// </summary>
    public static MergeLimits LoadLimits(ConfigurationValues values)
    {
        if (values.KeysUnder("mergebus.limits.").FirstOrDefault(k => !LimitKeys.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            throw new ConfigurationException(unknown, "is not a MergeBus setting");
        return Limits(values);
    }

    private static MergeLimits Limits(ConfigurationValues values)
    {
        var defaults = new MergeLimits();
        return new MergeLimits
        {
            MaxSessionDuration = values.Duration("mergebus.limits.max_session_length", defaults.MaxSessionDuration),
            MaxInputBytes = values.Long("mergebus.limits.max_input_bytes", defaults.MaxInputBytes, min: 1),
            MaxParticipants = values.Int("mergebus.limits.max_participants", defaults.MaxParticipants, min: 1),
            MaxOutputBytes = values.Long(MergeLimits.MaxOutputBytesSetting, defaults.MaxOutputBytes, min: 1),
            MinJobTime = values.Duration(MergeLimits.MinJobTimeSetting, defaults.MinJobTime),
            JobTimePerSessionSecond = values.Double(MergeLimits.JobTimePerSessionSecondSetting, defaults.JobTimePerSessionSecond, 0, 1000),
            EndTolerance = values.Duration("mergebus.limits.end_tolerance", defaults.EndTolerance),
            MaxRunsPerInput = values.Int("mergebus.limits.max_runs_per_input", defaults.MaxRunsPerInput, min: 1),
            InputSampleRates = SampleRates(values, "mergebus.limits.input_sample_rates", defaults.InputSampleRates),
        };
    }

    /// <summary>A comma-separated list of rates in Hz, each from 8000 to 384000.</summary>
    private static IReadOnlySet<int> SampleRates(ConfigurationValues values, string key, IReadOnlySet<int> fallback)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        var rates = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var rate)
                || rate is < 8000 or > 384_000)
                throw new ConfigurationException(key, "must be a comma-separated list of sample rates from 8000 to 384000 Hz");
            rates.Add(rate);
        }
        return rates.Count > 0 ? rates : throw new ConfigurationException(key, "must list at least one sample rate");
    }
    /// <summary>Queue entries and their fields, from the queue or the API.</summary>
    private static EgressQueueOptions QueueLimits(ConfigurationValues values, EgressQueueOptions queue) => queue with
    {
        MaxEntryBytes = values.Int("mergebus.limits.max_queue_entry_bytes", queue.MaxEntryBytes, min: 1024),
        MaxIdChars = values.Int("mergebus.limits.max_id_length", queue.MaxIdChars, min: 16),
        MaxPathChars = values.Int("mergebus.limits.max_path_length", queue.MaxPathChars, min: 64),
        MaxDeadEntries = values.Int("mergebus.limits.max_dead_entries", queue.MaxDeadEntries, min: 1),
    };

    /// <summary>The API's rate limits (per client address).</summary>
    private static ApiSettings ApiLimits(ConfigurationValues values, ApiSettings api) => api with
    {
        RequestsPerMinute = values.Int("mergebus.limits.api_requests_per_minute", api.RequestsPerMinute, min: 1),
        SignInFailuresPerMinute = values.Int("mergebus.limits.sign_in_failures_per_minute", api.SignInFailuresPerMinute, min: 1),
    };

    /// <summary>LiveKit webhook events stored per room (POST /livekit/webhook); past it the room fails and the endpoint answers 429.</summary>
    public const string MaxLiveKitEventsPerRoomSetting = "mergebus.limits.max_livekit_events_per_room";

    private static LiveKitSettings LiveKitLimits(ConfigurationValues values, LiveKitSettings livekit) => livekit with
    {
        MaxEventsPerRoom = values.Int(MaxLiveKitEventsPerRoomSetting, livekit.MaxEventsPerRoom, min: 1),
    };

    private static MergeBus.Webhooks.WebhookSettings WebhookLimits(ConfigurationValues values, MergeBus.Webhooks.WebhookSettings webhooks) =>
        webhooks with { MaxFailures = values.Int("mergebus.limits.max_webhook_failures", webhooks.MaxFailures, min: 1) };
}
