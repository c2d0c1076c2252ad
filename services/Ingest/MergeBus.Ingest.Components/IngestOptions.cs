using MergeBus.Configuration.Ingest;
using MergeBus.Protocol.Jobs;
using MergeBus.Webhooks;

namespace MergeBus.Ingest.Components;

/// <summary>How the host runs Ingest: in one process (in-memory saga) or distributed (Redis saga, egress queue).</summary>
public sealed record IngestOptions
{
    /// <summary>MERGE_WORKER_ID, or the host name.</summary>
    public string WorkerId { get; init; } = "local";
    /// <summary>The recordings bucket, when storage is S3: https manifest URLs are turned into keys of it.</summary>
    public string? Bucket { get; init; }
    /// <summary>
    /// Sagas in Redis (kept <see cref="SagaRetention"/> once finished), the egress queue listener, the staging
    /// janitor and the stalled-job sweeper. Off: an in-memory saga for one process.
    /// </summary>
    public bool Distributed { get; init; }
    public TimeSpan SagaRetention { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan StagingRetention { get; init; } = TimeSpan.FromDays(2);
    public StalledJobSettings StalledJobs { get; init; } = new();
    /// <summary>Signed webhooks of the public events (distributed only; none by default).</summary>
    public WebhookSettings Webhooks { get; init; } = new();
    /// <summary>mergebus.history: the PostgreSQL job history (distributed only); off when its connection string is empty.</summary>
    public HistorySettings History { get; init; } = new();
    /// <summary>The egress queue's limits, which bound every job entry, from the queue or the API.</summary>
    public MergeBus.Redis.Queue.EgressQueueOptions Queue { get; init; } = new();
    /// <summary>mergebus.api: the jobs API's tokens.</summary>
    public ApiSettings Api { get; init; } = new();
    /// <summary>mergebus.livekit: the stock LiveKit webhook intake (distributed only; on when a key pair is configured).</summary>
    public MergeBus.Configuration.LiveKit.LiveKitSettings LiveKit { get; init; } = new();
    /// <summary>Reads the Mixer backlog for GET /queue; null when the transport cannot tell (one process).</summary>
    public IMixerBacklog? MixerBacklog { get; init; }
}
