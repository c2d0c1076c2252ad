namespace MergeBus.Ingest.Components.History;

/// <summary>
/// One job as support sees it: Marten keeps it up to date from the job's event stream (an inline snapshot), so
/// queries read one document per job. Holds nothing secret: no event carries a key.
/// </summary>
public sealed class JobSummary
{
    public string Id { get; set; } = "";
    public string State { get; set; } = JobStates.Submitted;
    public string Step { get; set; } = "";
    public string Source { get; set; } = "";
    public string Room { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string ManifestPath { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>The job's current attempt: 1 plus its failed attempts (back to 1 after a support retry).</summary>
    public int Attempts { get; set; }
    public int FailedAttempts { get; set; }
    public string LastError { get; set; } = "";
    /// <summary>Newest first by SubmittedAt, then id: the list's order and its cursor.</summary>
    public string SortKey { get; set; } = "";
    public List<StepRecord> Steps { get; set; } = [];
    public List<ArtifactRow> Artifacts { get; set; } = [];
    public List<ChannelRow> Channels { get; set; } = [];
    public List<string> Warnings { get; set; } = [];
    /// <summary>Speaker leveling of the mix: per participant the speech loudness measured and the gain applied.</summary>
    public MergeBus.Contracts.MixLoudness? Loudness { get; set; }
    public List<ParticipantLane> Participants { get; set; } = [];
    public long TimelineSamples { get; set; }
    public long MixDurationMs { get; set; }

    public void Apply(JobSubmitted e)
    {
        Id = e.JobId;
        Source = e.Source;
        Room = e.Room;
        SessionId = e.SessionId;
        ManifestPath = e.ManifestPath;
        SubmittedAt = e.At;
        SortKey = JobCursor.SortKeyOf(e.At, e.JobId);
        Touch(e.At);
    }

    public void Apply(StepStarted e)
    {
        Id = e.JobId;
        // The saga's own start of the try, even when the step's answer was recorded first.
        StepAt(e.Attempt, e.Try, e.Step, e.At).StartedAt = e.At;
        Step = e.Step;
        if (State is not (JobStates.Completed or JobStates.DeadLettered)) State = JobStates.ForStep(e.Step);
        Touch(e.At);
    }

    public void Apply(StepSucceeded e)
    {
        Id = e.JobId;
        var step = StepAt(e.Attempt, e.Try, e.Step, e.At);
        step.Outcome = StepOutcomes.Succeeded;
        step.EndedAt = e.At;
        step.WorkerId = e.WorkerId;
        step.Host = e.Host;
        step.BytesDownloaded = e.BytesDownloaded;
        step.BytesUploaded = e.BytesUploaded;
        Touch(e.At);
    }

    public void Apply(StepFailed e)
    {
        Id = e.JobId;
        var step = StepAt(e.Attempt, e.Try, e.Step, e.At);
        step.Outcome = StepOutcomes.Failed;
        step.EndedAt = e.At;
        step.Error = e.Reason;
        step.Permanent = e.Permanent;
        step.WorkerId = e.WorkerId;
        step.Host = e.Host;
        FailedAttempts++;
        LastError = $"{e.Step}: {e.Reason}";
        Touch(e.At);
    }

    public void Apply(InputsRead e)
    {
        Id = e.JobId;
        if (e.Room.Length > 0) Room = e.Room;
        Participants = [.. e.Participants];
        TimelineSamples = e.TimelineSamples;
    }

    public void Apply(MixMade e)
    {
        Id = e.JobId;
        MixDurationMs = e.DurationMs;
        Channels = [.. e.Channels];
        Warnings = [.. e.Warnings];
        Loudness = e.Loudness;
    }

    public void Apply(JobCompleted e)
    {
        Id = e.JobId;
        State = JobStates.Completed;
        Artifacts = [.. e.Artifacts];
        LastError = "";
        FinishedAt = e.At;
        Touch(e.At);
    }

    public void Apply(JobDeadLettered e)
    {
        Id = e.JobId;
        State = JobStates.DeadLettered;
        LastError = e.Reason;
        FinishedAt = e.At;
        Touch(e.At);
    }

    public void Apply(RetryRequested e)
    {
        Id = e.JobId;
        State = JobStates.ForStep(e.FromStep);
        FinishedAt = null;
        FailedAttempts = 0;
        Touch(e.At);
    }

    /// <summary>
    /// The record of one step's try, named by the saga's try number (see JobHistoryEvents.cs); events recorded
    /// before tries existed carry 0, when an attempt named one step's try.
    /// </summary>
    private StepRecord StepAt(int attempt, int @try, string stepName, DateTimeOffset at)
    {
        var found = Steps.FirstOrDefault(s => s.Try == @try && s.Step == stepName && (@try > 0 || s.Attempt == attempt));
        if (found is not null) return found;
        found = new StepRecord { Attempt = attempt, Try = @try, Step = stepName, StartedAt = at, Outcome = StepOutcomes.Running };
        Steps.Add(found);
        Steps.Sort((a, b) => a.Try != b.Try ? a.Try.CompareTo(b.Try) : a.Attempt.CompareTo(b.Attempt));
        Attempts = Steps[^1].Attempt;
        return found;
    }

    private void Touch(DateTimeOffset at)
    {
        if (at > UpdatedAt) UpdatedAt = at;
    }
}
