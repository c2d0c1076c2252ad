using System.Collections.Concurrent;
using MergeBus.Contracts;

namespace MergeBus.Cli.Local;

/// <summary>Lets a command wait for its job's outcome and follow its progress.</summary>
public sealed class JobWatch
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JobOutcome>> outcomes = new();

    public event Action<MixProgressed>? Progressed;
    public event Action<MergeJobStepStarted>? StepStarted;

    public Task<JobOutcome> OutcomeOf(string jobId) =>
        outcomes.GetOrAdd(jobId, _ => new TaskCompletionSource<JobOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal void Complete(string jobId, JobOutcome outcome) =>
        outcomes.GetOrAdd(jobId, _ => new TaskCompletionSource<JobOutcome>(TaskCreationOptions.RunContinuationsAsynchronously))
            .TrySetResult(outcome);

    private readonly ConcurrentDictionary<string, JobOutcome> deadLettered = new();
    private readonly ConcurrentDictionary<string, bool> failureRecorded = new();

    /// <summary>
    /// A dead-lettered job is announced before the Publisher has written the failure into the manifest; the command
    /// returns once both happened, so its caller finds the manifest already updated.
    /// </summary>
    internal void DeadLettered(string jobId, JobOutcome outcome)
    {
        deadLettered[jobId] = outcome;
        if (failureRecorded.ContainsKey(jobId)) Complete(jobId, outcome);
    }

    internal void FailureRecorded(string jobId)
    {
        failureRecorded[jobId] = true;
        if (deadLettered.TryGetValue(jobId, out var outcome)) Complete(jobId, outcome);
    }

    internal void Report(MixProgressed progress) => Progressed?.Invoke(progress);

    internal void Report(MergeJobStepStarted step) => StepStarted?.Invoke(step);
}
