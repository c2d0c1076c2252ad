using MassTransit;
using MergeBus.Contracts;
using MergeBus.Steps;

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
        saga.Loudness = job.Loudness;
        saga.CreatedAt = job.CreatedAt;
        saga.EncryptionMode = job.EncryptionMode ?? "";
        saga.SubmittedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>A new try of <paramref name="step"/>, started by the message in <paramref name="context"/>.</summary>
    public static void BeginStep(this MergeJobState saga, string step, ConsumeContext context)
    {
        saga.EndStep();
        saga.StepStartedAt = DateTimeOffset.UtcNow;
        saga.Step = step;
        saga.Try++;
        saga.TriggerMessageId = context.MessageId;
        saga.StartedAt ??= DateTimeOffset.UtcNow;
        saga.Touch();
    }

    /// <summary>The message that started the current try came again: Ingest may have died before its command left.</summary>
    public static bool IsRedeliveredTrigger(this MergeJobState saga, ConsumeContext context) =>
        context.MessageId is { } id && id == saga.TriggerMessageId;

    public static void Touch(this MergeJobState saga)
    {
        saga.UpdatedAt = DateTimeOffset.UtcNow;
        saga.LastProgressAt = saga.UpdatedAt;
    }

    public static void RecordFailure(this MergeJobState saga, string step, string reason, bool permanent)
    {
        saga.Errors.Add($"attempt {saga.Attempt} {step}: {reason}");
        saga.FailedAttempts++;
        saga.LastError = $"{step}: {reason}";
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

    public static void Finish(this MergeJobState saga, List<PublishedArtifact> artifacts, ConsumeContext context)
    {
        saga.PublishedArtifacts = artifacts;
        saga.TriggerMessageId = context.MessageId;
        saga.EndStep();
        saga.LastError = "";
        saga.FinishedAt = DateTimeOffset.UtcNow;
        saga.UpdatedAt = saga.FinishedAt.Value;
    }

    public static void GiveUp(this MergeJobState saga, ConsumeContext context)
    {
        saga.EndStep();
        saga.TriggerMessageId = context.MessageId;
        saga.FinishedAt = DateTimeOffset.UtcNow;
        saga.UpdatedAt = saga.FinishedAt.Value;
    }

    public static void KeepMix(this MergeJobState saga, TracksMixed mixed)
    {
        saga.StagedArtifacts = [.. mixed.Artifacts];
        saga.Channels = [.. mixed.Channels];
        saga.MixLoudness = mixed.Loudness;
        saga.Timeline = mixed.Timeline;
        if (mixed.WorkerId.Length > 0) saga.WorkerId = mixed.WorkerId;
        saga.Transfer += mixed.Transfer;
        saga.Notes.AddRange(mixed.Warnings.Select(w => $"mix warning: {w}"));
    }

    /// <summary>The step a retry starts from: the one that failed, as long as the work before it is kept.</summary>
    public static string RetryStep(this MergeJobState saga) => MergeJobSteps.RetryFrom(saga.Step, saga).Name;

    /// <summary>The reply to the current try, not a stale one from an earlier try.</summary>
    public static bool IsCurrentTry(this MergeJobState saga, int @try) => @try == saga.Try;

    /// <summary>
    /// A publish found the staged mix it needed gone: the job starts again from fetch, once per attempt. Every
    /// other step failure is counted (see the machine's two StepFailed handlers, which this keeps apart).
    /// </summary>
    public static bool MustRestartFromFetch(this MergeJobState saga, MergeStepFailed failed) =>
        failed.EarlierWorkGone && !saga.RestartedFromFetch && saga.CurrentState == MergeJobSteps.Publish.State;

    public static void ResetForRetry(this MergeJobState saga)
    {
        var from = saga.RetryStep();
        saga.Notes.Add($"retried by support from {from}");
        saga.FailedAttempts = 0;
        saga.StepDurationsMs = [];
        saga.StepStartedAt = null;
        saga.PermanentFailure = false;
        saga.RestartedFromFetch = false;
        saga.LastError = "";
        saga.FinishedAt = null;
        if (from == MergeSteps.Fetch) saga.Plan = null;
        if (from != MergeSteps.Publish)
        {
            saga.StagedArtifacts = null;
            saga.Channels = null;
        }
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>The staged mix a publish needed is gone: start again from fetch, and say so.</summary>
    public static void RestartFromFetch(this MergeJobState saga, string reason)
    {
        saga.Notes.Add($"started again from fetch: {reason}");
        saga.RestartedFromFetch = true;
        saga.Plan = null;
        saga.StagedArtifacts = null;
        saga.Channels = null;
        saga.MixLoudness = null;
        saga.Timeline = null;
        saga.UpdatedAt = DateTimeOffset.UtcNow;
    }
}
