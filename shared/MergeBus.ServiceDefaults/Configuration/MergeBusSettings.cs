using MergeBus.Configuration.Ingest;
using MergeBus.Configuration.LiveKit;
using MergeBus.Configuration.Mixer;
using MergeBus.Configuration.Outputs;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Queue;
using MergeBus.ServiceDefaults.Messaging;
using MergeBus.Storage;

namespace MergeBus.ServiceDefaults.Configuration;

/// <summary>
/// Everything a MergeBus process is configured with, read once at start by <see cref="MergeBusSettingsLoader"/>.
/// Secrets (storage credentials, Redis and RabbitMQ passwords, the master key) are kept here and never printed.
/// </summary>
public sealed record MergeBusSettings
{
    public required WorkerSettings Worker { get; init; }
    public required MergeLimits Limits { get; init; }
    public required StepRetrySettings Retry { get; init; }
    public required BusSettings Bus { get; init; }
    public required MixerSettings Mixer { get; init; }
    /// <summary>mergebus.outputs: stems and the output sample rate.</summary>
    public OutputSettings Outputs { get; init; } = new();
    public required RedisConnectionOptions Redis { get; init; }
    public required StorageOptions Storage { get; init; }
    public required EgressQueueOptions Queue { get; init; }

    /// <summary>audio_recording_encryption.mode, e.g. "none" or "aes_256".</summary>
    public string EncryptionMode { get; init; } = "none";

    /// <summary>The worker's own master key: used for jobs whose entry carries none.</summary>
    public byte[]? WorkerMasterKey { get; init; }

    /// <summary>Finished sagas stay readable (API, CLI) this long.</summary>
    public TimeSpan SagaRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Objects under staging/ older than this are orphans of crashed attempts and are deleted.</summary>
    public TimeSpan StagingRetention { get; init; } = TimeSpan.FromDays(2);

    /// <summary>When a running step's command is sent again because the step showed no sign of life.</summary>
    public StalledJobSettings StalledJobs { get; init; } = new();
    /// <summary>mergebus.history: the PostgreSQL job history; off when its connection string is empty.</summary>
    public HistorySettings History { get; init; } = new();

    /// <summary>mergebus.api: bearer tokens and the listen address of the jobs API.</summary>
    public ApiSettings Api { get; init; } = new();

    /// <summary>mergebus.livekit: the stock LiveKit webhook intake (key pairs, settle times, LiveKit's API).</summary>
    public LiveKitSettings LiveKit { get; init; } = new();

    /// <summary>Print MassTransit's traces and metrics to the console.</summary>
    public bool ConsoleTelemetry { get; init; }

    /// <summary>mergebus.webhooks: where the public events are POSTed, signed.</summary>
    public MergeBus.Webhooks.WebhookSettings Webhooks { get; init; } = new();

    /// <summary>Log JSON objects, one a line, scopes (the job id) included.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>A summary safe for logs.</summary>
    public override string ToString() =>
        $"worker {Worker.WorkerId}, redis {Redis.Topology} db {Redis.Db}, storage {Storage}, " +
        $"bus {(Bus.Transport == BusSettings.RabbitMqTransport ? Bus.RabbitMq.ToString() : Bus.Transport)}, " +
        $"mixer {Mixer.ConcurrentJobs} at once, webhooks {Webhooks}, encryption {EncryptionMode}{(WorkerMasterKey is null ? "" : " (worker key set)")}, " +
        $"history {History}, {Api}, {LiveKit}";

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(ToString());
        return true;
    }
}
