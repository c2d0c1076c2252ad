using MergeBus.Contracts;

namespace MergeBus.Ingest.Components.StateMachines;

/// <summary>The saga's data changes, kept out of the machine so that its blocks read as a flow.</summary>
public static class MergeJobStateChanges
{
    public static void Accept(this MergeJobState saga, SubmitMergeJob job)
    {
        saga.JobId = job.JobId;
        saga.SessionId = job.SessionId;
        saga.ManifestPath = job.ManifestPath;
        saga.Source = job.Source;
        saga.Layout = job.Layout;
        saga.Formats = job.Formats?.ToList();
        saga.CreatedAt = job.CreatedAt;
        saga.EncryptionMode = job.EncryptionMode ?? "";
        saga.SubmittedAt = DateTimeOffset.UtcNow;
    }

    public static void BeginStep(this MergeJobState saga, string step)
    {
        saga.EndStep();
        saga.StepStartedAt = DateTimeOffset.UtcNow;
        saga.Step = step;
        saga.Attempt++;
        saga.StartedAt ??= DateTimeOffset.UtcNow;
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }

    public static void RecordFailure(this MergeJobState saga, string step, string reason, bool permanent)
    {
        saga.FailedAttempts++;
        saga.LastError = $"{step}: {reason}";
        saga.Errors.Add($"attempt {saga.Attempt} {saga.LastError}");
        saga.PermanentFailure |= permanent;
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Adds the time since the current step started to that step's total.</summary>
    public static void EndStep(this MergeJobState saga)
    {
        if (saga.StepStartedAt is not { } started || saga.Step.Length == 0) return;
        var elapsed = (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds;
        saga.StepDurationsMs[saga.Step] = saga.StepDurationsMs.GetValueOrDefault(saga.Step) + Math.Max(0, elapsed);
        saga.StepStartedAt = null;
    }

    public static bool ShouldRetry(this MergeJobState saga) =>
        !saga.PermanentFailure && saga.FailedAttempts < MergeJobStateMachine.MaxFailedAttempts;

    public static void RetrySameStep(this MergeJobState saga)
    {
        saga.Attempt++;
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }

    public static void Finish(this MergeJobState saga, List<PublishedArtifact> artifacts)
    {
        saga.PublishedArtifacts = artifacts;
        saga.EndStep();
        saga.LastError = "";
        saga.FinishedAt = DateTimeOffset.UtcNow;
        saga.UpdatedAt = saga.FinishedAt.Value;
    }

    public static void ResetForRetry(this MergeJobState saga)
    {
        saga.FailedAttempts = 0;
        saga.StepDurationsMs = [];
        saga.StepStartedAt = null;
        saga.PermanentFailure = false;
        saga.LastError = "";
        saga.FinishedAt = null;
        saga.Plan = null;
        saga.StagedArtifacts = null;
        saga.Channels = null;
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }
}
