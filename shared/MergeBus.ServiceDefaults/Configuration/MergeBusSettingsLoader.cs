using MergeBus.Configuration;
using MergeBus.Configuration.Ingest;
using MergeBus.Configuration.LiveKit;
using MergeBus.Configuration.Mixer;
using MergeBus.Configuration.Outputs;
using MergeBus.Redis.Connection;
using MergeBus.ServiceDefaults.Messaging;
using MergeBus.Storage;
using MergeBus.Webhooks;

namespace MergeBus.ServiceDefaults.Configuration;

/// <summary>
/// Builds <see cref="MergeBusSettings"/> from four layers: the egress YAML (<c>EGRESS_CONFIG_FILE</c> or
/// <c>EGRESS_CONFIG_BODY</c>, spec §5), <c>MERGE_WORKER_ID</c> / <c>MERGE_TMP_DIR</c>, the <c>mergebus:</c> section of
/// the same YAML, and environment variables over all of them. Each section binds and validates itself beside its
/// options (a <c>…Binder</c>); this only composes them. The first wrong setting throws
/// <see cref="ConfigurationException"/>.
/// </summary>
public static partial class MergeBusSettingsLoader
{
    /// <summary>The process-wide settings this type binds itself: retention, telemetry and log format.</summary>
    private static readonly ConfigurationKeys OwnKeys = new(
        "mergebus.saga_retention", "mergebus.staging_retention", "mergebus.telemetry.console", "mergebus.logging.json");

    /// <summary>
    /// Every section's keys. Every process knows them all, though it uses some: one configuration serves every
    /// service of a deployment, and a typo in any key must stop each of them. A property, not a field: LimitKeys
    /// sits in another part of this class, whose field initializers may run after this one's.
    /// </summary>
    private static ConfigurationKeys[] Sections =>
    [
        OwnKeys, new(LimitKeys), WorkerSettingsBinder.Keys, StepRetrySettingsBinder.Keys, BusSettingsBinder.Keys,
        MixerSettingsBinder.Keys, RedisConnectionOptionsBinder.Keys, StorageOptionsBinder.Keys, EgressQueueOptionsBinder.Keys,
        EncryptionBinder.Keys, StalledJobSettingsBinder.Keys, WebhookSettingsBinder.Keys, HistorySettingsBinder.Keys,
        ApiSettingsBinder.Keys, OutputSettingsBinder.Keys, LiveKitSettingsBinder.Keys,
    ];

    public static MergeBusSettings Load() => Load(ConfigurationValues.FromProcessEnvironment());

    public static MergeBusSettings Load(IReadOnlyDictionary<string, string> environment) =>
        Load(ConfigurationValues.From(environment));

    public static MergeBusSettings Load(ConfigurationValues values)
    {
        if (values.KeysUnder("mergebus.").FirstOrDefault(k => !Sections.Any(s => s.Contains(k))) is { } unknown)
            throw new ConfigurationException(unknown, "is not a MergeBus setting");

        // Redis, storage and encryption first: of several wrong settings, theirs are reported first, as always.
        var redis = RedisConnectionOptionsBinder.Bind(values);
        var storage = StorageOptionsBinder.Bind(values);
        var (mode, masterKey) = EncryptionBinder.Bind(values);
        return new MergeBusSettings
        {
            Worker = WorkerSettingsBinder.Bind(values),
            Limits = Limits(values),
            Retry = StepRetrySettingsBinder.Bind(values),
            Bus = BusSettingsBinder.Bind(values),
            Mixer = MixerSettingsBinder.Bind(values),
            Outputs = OutputSettingsBinder.Bind(values),
            Redis = redis,
            Storage = storage,
            Queue = QueueLimits(values, EgressQueueOptionsBinder.Bind(values)),
            EncryptionMode = mode,
            WorkerMasterKey = masterKey,
            SagaRetention = values.Duration("mergebus.saga_retention", TimeSpan.FromDays(7)),
            StagingRetention = values.Duration("mergebus.staging_retention", TimeSpan.FromDays(2)),
            StalledJobs = StalledJobSettingsBinder.Bind(values),
            ConsoleTelemetry = values.Bool("mergebus.telemetry.console", false),
            JsonLogs = values.Bool("mergebus.logging.json", false),
            Webhooks = WebhookLimits(values, WebhookSettingsBinder.Bind(values)),
            History = HistorySettingsBinder.Bind(values),
            Api = ApiLimits(values, ApiSettingsBinder.Bind(values)),
            LiveKit = LiveKitLimits(values, LiveKitSettingsBinder.Bind(values)),
        };
    }
}
