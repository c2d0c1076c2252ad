using System.Globalization;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Lkae;
using MergeBus.Protocol.Manifests;
using MergeBus.Protocol.Mixing;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Queue;
using MergeBus.ServiceDefaults.Messaging;
using MergeBus.Storage;
using MergeBus.Storage.Azure;
using MergeBus.Storage.Gcs;

namespace MergeBus.ServiceDefaults.Configuration;

/// <summary>
/// Builds <see cref="MergeBusSettings"/> from four layers: the egress YAML (<c>EGRESS_CONFIG_FILE</c> or
/// <c>EGRESS_CONFIG_BODY</c>, spec §5), <c>MERGE_WORKER_ID</c> / <c>MERGE_TMP_DIR</c>, the <c>mergebus:</c> section of
/// the same YAML, and environment variables over all of them. The first wrong setting throws
/// <see cref="ConfigurationException"/>.
/// </summary>
public static partial class MergeBusSettingsLoader
{
    private static readonly string[] MergeBusKeys =
    [
        "mergebus.transport",
        "mergebus.rabbitmq.host", "mergebus.rabbitmq.port", "mergebus.rabbitmq.vhost", "mergebus.rabbitmq.username",
        "mergebus.rabbitmq.password",
        "mergebus.mixer.concurrency", "mergebus.mixer.prefetch", "mergebus.mixer.shutdown_timeout",
        "mergebus.default_layout",
        "mergebus.loudness", "mergebus.loudness.mode", "mergebus.loudness.target", "mergebus.loudness.max_gain",
        "mergebus.staging_retention", "mergebus.saga_retention", "mergebus.stall_timeout",
        "mergebus.queue.visibility_timeout", "mergebus.queue.poll_interval",
        "mergebus.retry.count", "mergebus.retry.min_interval", "mergebus.retry.max_interval", "mergebus.retry.interval_delta",
        "mergebus.telemetry.console", "mergebus.logging.json",
        "mergebus.opus.complexity",
        "mergebus.storage.gcs_manifest_mode", "mergebus.storage.gcs_endpoint", "mergebus.storage.azure_endpoint",
        "mergebus.history.connection_string", "mergebus.history.schema", "mergebus.api.listen", "mergebus.api.tokens",
    ];

    public static MergeBusSettings Load() => Load(ConfigurationValues.FromProcessEnvironment());

    public static MergeBusSettings Load(IReadOnlyDictionary<string, string> environment) =>
        Load(ConfigurationValues.From(environment));

    public static MergeBusSettings Load(ConfigurationValues values)
    {
        if (values.KeysUnder("mergebus.").FirstOrDefault(k => !MergeBusKeys.Contains(k, StringComparer.OrdinalIgnoreCase)
                && !LimitKeys.Contains(k, StringComparer.OrdinalIgnoreCase)
                && !WebhookSettingsLoader.IsWebhookKey(k) && !ApiTokenKey().IsMatch(k)) is { } unknown)
            throw new ConfigurationException(unknown, "is not a MergeBus setting");

        var redis = Redis(values);
        var storage = Storage(values);
        var (mode, masterKey) = Encryption(values);
        var mixerConcurrency = Int(values, "mergebus.mixer.concurrency", Environment.ProcessorCount, min: 1);
        var retryDefaults = new StepRetrySettings();
        var queueDefaults = new EgressQueueOptions();
        var env = values.Environment;

        return new MergeBusSettings
        {
            Worker = new WorkerSettings
            {
                WorkerId = env.TryGetValue("MERGE_WORKER_ID", out var id) && id.Length > 0 ? id : Environment.MachineName,
                TempDirectory = env.TryGetValue("MERGE_TMP_DIR", out var tmp) && tmp.Length > 0
                    ? tmp
                    : Path.Combine(Path.GetTempPath(), "mergebus"),
                DefaultLayout = Layout(values),
                Loudness = Loudness(values),
            },
            Limits = Limits(values),
            Retry = new StepRetrySettings
            {
                RetryCount = Int(values, "mergebus.retry.count", retryDefaults.RetryCount, min: 0),
                MinInterval = Duration(values, "mergebus.retry.min_interval", retryDefaults.MinInterval),
                MaxInterval = Duration(values, "mergebus.retry.max_interval", retryDefaults.MaxInterval),
                IntervalDelta = Duration(values, "mergebus.retry.interval_delta", retryDefaults.IntervalDelta),
            },
            Bus = Bus(values),
            Mixer = new MixerSettings
            {
                ConcurrentJobs = mixerConcurrency,
                PrefetchCount = values.Get("mergebus.mixer.prefetch") is null
                    ? null
                    : Int(values, "mergebus.mixer.prefetch", mixerConcurrency, min: 1),
                OpusComplexity = OpusComplexity(values),
                ShutdownTimeout = Duration(values, "mergebus.mixer.shutdown_timeout", MixerSettings.DefaultShutdownTimeout),
            },
            Redis = redis,
            Storage = storage,
            Queue = QueueLimits(values, new EgressQueueOptions
            {
                VisibilityTimeout = Duration(values, "mergebus.queue.visibility_timeout", queueDefaults.VisibilityTimeout),
                PollInterval = Duration(values, "mergebus.queue.poll_interval", queueDefaults.PollInterval),
            }),
            EncryptionMode = mode,
            WorkerMasterKey = masterKey,
            SagaRetention = Duration(values, "mergebus.saga_retention", TimeSpan.FromDays(7)),
            StagingRetention = Duration(values, "mergebus.staging_retention", TimeSpan.FromDays(2)),
            StalledJobs = new StalledJobSettings
            {
                StallTimeout = Duration(values, "mergebus.stall_timeout", new StalledJobSettings().StallTimeout),
            },
            ConsoleTelemetry = Bool(values, "mergebus.telemetry.console", false),
            JsonLogs = Bool(values, "mergebus.logging.json", false),
            Webhooks = WebhookLimits(values, WebhookSettingsLoader.Load(values)),
            History = new HistorySettings
            {
                ConnectionString = values.Get("mergebus.history.connection_string") ?? "",
                Schema = values.Get("mergebus.history.schema") ?? new HistorySettings().Schema,
            },
            Api = ApiLimits(values, Api(values)),
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^mergebus\.api\.tokens\.\d+\.(name|token|role)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ApiTokenKey();

    /// <summary>mergebus.api.tokens: [{name, token, role}] (MERGEBUS__API__TOKENS__0__TOKEN from the environment).</summary>
    private static ApiSettings Api(ConfigurationValues values)
    {
        var tokens = new List<ApiToken>();
        for (var i = 0; values.HasAnyUnder($"mergebus.api.tokens.{i}."); i++)
        {
            var prefix = $"mergebus.api.tokens.{i}";
            var name = values.Get($"{prefix}.name") ?? throw new ConfigurationException($"{prefix}.name", "is required");
            var token = values.Get($"{prefix}.token") ?? throw new ConfigurationException($"{prefix}.token", "is required");
            if (token.Length < 16) throw new ConfigurationException($"{prefix}.token", "must be at least 16 characters");
            var role = (values.Get($"{prefix}.role") ?? "").ToLowerInvariant();
            if (!ApiRoles.All.Contains(role)) throw new ConfigurationException($"{prefix}.role", "must be read or operate");
            tokens.Add(new ApiToken(name, token, role));
        }
        var listen = values.Get("mergebus.api.listen") ?? ApiSettings.DefaultListen;
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigurationException("mergebus.api.listen", "must be an http(s) URL such as http://127.0.0.1:8080");
        return new ApiSettings { Tokens = tokens, Listen = listen };
    }

    private static RedisConnectionOptions Redis(ConfigurationValues values)
    {
        var sentinels = values.GetList("redis.sentinel_addresses");
        var clusterNodes = values.GetList("redis.cluster_addresses");
        // With Sentinel or Cluster the egress leaves redis.address empty: the client finds the servers itself.
        var address = values.Get("redis.address") ?? "";
        if (sentinels.Count == 0 && clusterNodes.Count == 0)
        {
            if (address.Length == 0) throw new ConfigurationException("redis.address", "is required (host:port)");
            if (!address.Contains(':')) throw new ConfigurationException("redis.address", "must be host:port");
        }
        var options = new RedisConnectionOptions
        {
            Address = address,
            Username = values.Get("redis.username") ?? "",
            Password = values.Get("redis.password") ?? "",
            Db = Int(values, "redis.db", 0, min: 0),
            UseTls = Bool(values, "redis.use_tls", false),
            SentinelMasterName = values.Get("redis.sentinel_master_name") ?? "",
            SentinelAddresses = sentinels,
            ClusterAddresses = clusterNodes,
        };
        try
        {
            RedisConnectionFactory.ToConfiguration(options);
        }
        catch (ArgumentException e)
        {
            // Its message is "key: reason" and quotes no secret.
            var parts = e.Message.Split(':', 2);
            throw new ConfigurationException(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : e.Message);
        }
        return options;
    }

    private static StorageOptions Storage(ConfigurationValues values)
    {
        var configured = new[] { "storage.s3", "storage.gcp", "storage.azure" }.Where(k => values.HasAnyUnder(k + ".")).ToList();
        if (configured.Count > 1)
            throw new ConfigurationException(configured[1], $"is set beside {configured[0]}: configure one storage backend");
        var gcsManifest = (values.Get("mergebus.storage.gcs_manifest_mode") ?? "beside").ToLowerInvariant() switch
        {
            "beside" => GcsManifestMode.Beside,
            "overwrite" => GcsManifestMode.Overwrite,
            _ => throw new ConfigurationException("mergebus.storage.gcs_manifest_mode", "must be beside or overwrite"),
        };
        return configured.FirstOrDefault() switch
        {
            "storage.gcp" => new StorageOptions { Gcs = Gcs(values), GcsManifestMode = gcsManifest },
            "storage.azure" => new StorageOptions { Azure = Azure(values) },
            _ => StorageOptions.For(S3(values)),
        };
    }

    private static S3StorageOptions S3(ConfigurationValues values)
    {
        var bucket = values.Get("storage.s3.bucket") ?? throw new ConfigurationException("storage.s3.bucket", "is required");
        var endpoint = HttpUrl(values, "storage.s3.endpoint");
        if (values.Get("storage.s3.access_key") is not null && values.Get("storage.s3.secret") is null)
            throw new ConfigurationException("storage.s3.secret", "is required when storage.s3.access_key is set");
        return S3StorageOptions.FromEgressConfig(
            bucket,
            prefix: values.Get("storage.prefix"),
            accessKey: values.Get("storage.s3.access_key"),
            secret: values.Get("storage.s3.secret"),
            sessionToken: values.Get("storage.s3.session_token"),
            region: values.Get("storage.s3.region"),
            endpoint: endpoint,
            forcePathStyle: Bool(values, "storage.s3.force_path_style", false));
    }

    /// <summary>Without credentials_json, Google's application default credentials (workload identity, env) are used.</summary>
    private static GcsStorageOptions Gcs(ConfigurationValues values) => new()
    {
        Bucket = values.Get("storage.gcp.bucket")?.Trim() ?? throw new ConfigurationException("storage.gcp.bucket", "is required"),
        CredentialsJson = values.Get("storage.gcp.credentials_json"),
        Prefix = values.Get("storage.prefix"),
        Endpoint = HttpUrl(values, "mergebus.storage.gcs_endpoint"),
    };

    /// <summary>Without account_key, Azure's default credential chain (managed or workload identity, env) is used.</summary>
    private static AzureStorageOptions Azure(ConfigurationValues values) => new()
    {
        AccountName = values.Get("storage.azure.account_name")?.Trim()
            ?? throw new ConfigurationException("storage.azure.account_name", "is required"),
        ContainerName = values.Get("storage.azure.container_name")?.Trim()
            ?? throw new ConfigurationException("storage.azure.container_name", "is required"),
        AccountKey = values.Get("storage.azure.account_key"),
        Prefix = values.Get("storage.prefix"),
        Endpoint = HttpUrl(values, "mergebus.storage.azure_endpoint"),
    };

    private static string? HttpUrl(ConfigurationValues values, string key)
    {
        var text = values.Get(key);
        if (text is null) return null;
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigurationException(key, "is not an http(s) URL");
        return text;
    }

    private static (string Mode, byte[]? Key) Encryption(ConfigurationValues values)
    {
        var mode = values.Get("audio_recording_encryption.mode") ?? "none";
        var keyText = values.Get("audio_recording_encryption.master_key");
        if (mode is not ("none" or "aes_256" or "s3_sse" or "s3_kms" or "gcs_cmek"))
            throw new ConfigurationException("audio_recording_encryption.mode", "must be none, aes_256, s3_sse, s3_kms or gcs_cmek");
        if (mode == "aes_256" && keyText is null)
            throw new ConfigurationException("audio_recording_encryption.master_key", "is required when the mode is aes_256");
        if (keyText is null) return (mode, null);
        try
        {
            return (mode, MasterKey.Parse(keyText));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or MergeBus.Protocol.PermanentMergeException)
        {
            throw new ConfigurationException("audio_recording_encryption.master_key", "must be the base64 of 32 bytes");
        }
    }

    private static BusSettings Bus(ConfigurationValues values)
    {
        var transport = (values.Get("mergebus.transport") ?? BusSettings.RabbitMqTransport).ToLowerInvariant();
        if (transport is not (BusSettings.RabbitMqTransport or BusSettings.InMemoryTransport))
            throw new ConfigurationException("mergebus.transport", "must be rabbitmq or inmemory");
        var defaults = new RabbitMqSettings();
        var port = Int(values, "mergebus.rabbitmq.port", defaults.Port, min: 1);
        if (port > ushort.MaxValue) throw new ConfigurationException("mergebus.rabbitmq.port", "must be a TCP port (1-65535)");
        return new BusSettings
        {
            Transport = transport,
            RabbitMq = new RabbitMqSettings
            {
                Host = values.Get("mergebus.rabbitmq.host") ?? defaults.Host,
                Port = (ushort)port,
                VirtualHost = values.Get("mergebus.rabbitmq.vhost") ?? defaults.VirtualHost,
                Username = values.Get("mergebus.rabbitmq.username") ?? defaults.Username,
                Password = values.Get("mergebus.rabbitmq.password") ?? defaults.Password,
            },
        };
    }

    private static string Layout(ConfigurationValues values)
    {
        var layout = values.Get("mergebus.default_layout") ?? MixLayouts.Mix;
        if (!MixLayouts.All.Contains(layout))
            throw new ConfigurationException("mergebus.default_layout", $"must be one of {string.Join(", ", MixLayouts.All)}");
        return layout;
    }

    /// <summary>mergebus.loudness: off | speech (or, as a section, .mode), with .target (LUFS) and .max_gain (dB).</summary>
    private static LoudnessOptions Loudness(ConfigurationValues values)
    {
        var key = values.Get("mergebus.loudness") is null ? "mergebus.loudness.mode" : "mergebus.loudness";
        var mode = (values.Get(key) ?? LoudnessModes.Off).Trim().ToLowerInvariant();
        if (!LoudnessModes.All.Contains(mode))
            throw new ConfigurationException(key, $"must be one of {string.Join(", ", LoudnessModes.All)}");
        return new LoudnessOptions
        {
            Mode = mode,
            TargetLufs = Double(values, "mergebus.loudness.target", LoudnessOptions.DefaultTargetLufs, -70, 0),
            MaxGainDb = Double(values, "mergebus.loudness.max_gain", LoudnessOptions.DefaultMaxGainDb, 0, 60),
        };
    }

    private static double Double(ConfigurationValues values, string key, double fallback, double min, double max)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ConfigurationException(key, $"must be a number from {min} to {max}");
        return value;
    }

    internal static int Int(ConfigurationValues values, string key, int fallback, int min)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ConfigurationException(key, $"must be a whole number of at least {min}");
        return value;
    }

    /// <summary>libopus complexity 0–10 for Ogg Opus outputs (10, the default, is libopus' and ffmpeg's).</summary>
    private static int OpusComplexity(ConfigurationValues values)
    {
        var value = Int(values, "mergebus.opus.complexity", 10, min: 0);
        if (value > 10) throw new ConfigurationException("mergebus.opus.complexity", "must be a whole number from 0 to 10");
        return value;
    }

    private static long Long(ConfigurationValues values, string key, long fallback, long min)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ConfigurationException(key, $"must be a whole number of at least {min}");
        return value;
    }

    private static bool Bool(ConfigurationValues values, string key, bool fallback) =>
        values.Get(key)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw new ConfigurationException(key, "must be true or false"),
        };

    internal static TimeSpan Duration(ConfigurationValues values, string key, TimeSpan fallback)
    {
        var text = values.Get(key);
        if (text is null) return fallback;
        return DurationText.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new ConfigurationException(key, "must be a positive duration such as 250ms, 30s, 5m, 12h, 7d or 00:05:00");
    }
}

/// <summary>Durations as operators write them: 250ms, 30s, 5m, 12h, 7d, a plain number of seconds, or hh:mm:ss.</summary>
public static class DurationText
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        text = text.Trim();
        value = default;
        (string Suffix, double Scale)[] units = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                value = TimeSpan.FromSeconds(amount * scale);
                return true;
            }
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
