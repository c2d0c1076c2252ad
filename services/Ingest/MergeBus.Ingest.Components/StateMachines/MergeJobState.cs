using MassTransit;
using MergeBus.Contracts;
using MergeBus.Steps;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>One merge job as the saga remembers it. Holds no secrets: a job's master key lives in the key vault.</summary>
public class MergeJobState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = "";

    public string JobId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string ManifestPath { get; set; } = "";
    public string Source { get; set; } = "";
    public string? Layout { get; set; }
    public List<string>? Formats { get; set; }
    /// <summary>Speaker leveling asked for by the job (off, speech), or null.</summary>
    public string? Loudness { get; set; }
    public long CreatedAt { get; set; }

    /// <summary>The step being tried: fetch, mix or publish.</summary>
    public string Step { get; set; } = "";
    /// <summary>Bumped on every try of any step; a reply carrying an older try is stale and ignored.</summary>
    public int Try { get; set; }
    /// <summary>Failed attempts, as the status key's `retries` counts them. Three make the job dead-lettered.</summary>
    public int FailedAttempts { get; set; }
    /// <summary>The job's current attempt: 1 until something fails.</summary>
    public int Attempt => FailedAttempts + 1;
    /// <summary>The message that started the current try: when it comes again, its command may never have left.</summary>
    public Guid? TriggerMessageId { get; set; }
    /// <summary>Last sign of life of the current step (its start, a mix heartbeat); the stalled-job sweeper reads it.</summary>
    public DateTimeOffset LastProgressAt { get; set; }
    /// <summary>Set once the job had to start again from fetch within one attempt, so that it never loops.</summary>
    public bool RestartedFromFetch { get; set; }

    public List<string> Errors { get; set; } = [];
    /// <summary>What happened to the job that is no error: retries, restarts, mix warnings. Never a secret.</summary>
    public List<string> Notes { get; set; } = [];
    public string LastError { get; set; } = "";
    public bool PermanentFailure { get; set; }
    public string WorkerId { get; set; } = "";

    public MixPlan? Plan { get; set; }
    public List<StagedArtifact>? StagedArtifacts { get; set; }
    public List<ChannelAssignment>? Channels { get; set; }
    /// <summary>What leveling measured and applied per participant, from the mix step.</summary>
    public MixLoudness? MixLoudness { get; set; }
    /// <summary>The time map from the mix step, for room_mix.timeline.</summary>
    public MixTimeline? Timeline { get; set; }
    public List<PublishedArtifact>? PublishedArtifacts { get; set; }
    /// <summary>Bytes every step of every try moved through workers, for capacity planning.</summary>
    public TransferCounts Transfer { get; set; } = new();

    /// <summary>Wall-clock milliseconds spent in each step so far, failed tries included.</summary>
    public Dictionary<string, long> StepDurationsMs { get; set; } = [];
    /// <summary>When the current step was first tried.</summary>
    public DateTimeOffset? StepStartedAt { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string EncryptionMode { get; set; } = "";

    /// <summary>Where this job's steps leave intermediate files; removed when the job ends.</summary>
    public string StagingRoot => StagingKeys.JobFolder(JobId);
    /// <summary>Staging of the current try (named by try: two tries never share files).</summary>
    public string StagingPrefix => StagingKeys.TryPrefix(JobId, Try);
}
