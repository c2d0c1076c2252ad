namespace MergeBus.Ingest.Components.History;

// The events of one job's Marten stream (stream key: the job id). Stored as JSON: fields are only ever added.

/// <summary>The saga accepted the job.</summary>
public sealed record JobSubmitted(string JobId, string Source, string Room, string SessionId, string ManifestPath, DateTimeOffset At);

// Attempt is the job's attempt (1 plus its failed attempts, back to 1 after a support retry): every step of one
// attempt shares it. Try is the saga's try number, bumped on every try of any step and never reset: it names one
// step's try. Events recorded before Try existed read 0, when each attempt was one step's try.

/// <summary>The saga handed the job to a step.</summary>
public sealed record StepStarted(string JobId, string Step, int Attempt, DateTimeOffset At, int Try = 0);

/// <summary>A step finished one try.</summary>
public sealed record StepSucceeded(
    string JobId, string Step, int Attempt, DateTimeOffset At, string WorkerId, string Host, long BytesDownloaded, long BytesUploaded,
    int Try = 0);

/// <summary>A step gave up on one try; <see cref="Permanent"/> means retrying cannot help.</summary>
public sealed record StepFailed(
    string JobId, string Step, int Attempt, DateTimeOffset At, string Reason, bool Permanent, string WorkerId, string Host, int Try = 0);

/// <summary>What the Fetcher read: the participants, where each lands, and where their audio is present.</summary>
public sealed record InputsRead(
    string JobId, int Attempt, string Room, string Layout, int SampleRate, long TimelineSamples, IReadOnlyList<ParticipantLane> Participants);

/// <summary>What the Mixer made: its length, the channel map and any warnings.</summary>
public sealed record MixMade(
    string JobId, int Attempt, long DurationMs, IReadOnlyList<ChannelRow> Channels, IReadOnlyList<string> Warnings)
{
    /// <summary>Speaker leveling: the mode, and per participant the speech loudness measured and the gain applied.</summary>
    public MergeBus.Contracts.MixLoudness? Loudness { get; init; }
}

public sealed record JobCompleted(string JobId, int Attempts, DateTimeOffset At, IReadOnlyList<ArtifactRow> Artifacts);

public sealed record JobDeadLettered(string JobId, string Reason, int FailedAttempts, DateTimeOffset At);

public sealed record RetryRequested(string JobId, string FromStep, DateTimeOffset At);

/// <summary>One participant's track: offset in the mix, its own timeline length, packet runs (48 kHz samples).</summary>
public sealed record ParticipantLane(
    string ParticipantId, string Identity, long OffsetSamples, long TimelineSamples, IReadOnlyList<long[]> Runs, int OverlapsCorrected)
;

public sealed record ChannelRow(int Channel, IReadOnlyList<string> ParticipantIds);

public sealed record ArtifactRow(string Format, string StorageUri, long Size, string Sha256, long DurationMs);
