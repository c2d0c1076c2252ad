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

    internal void Report(MixProgressed progress) => Progressed?.Invoke(progress);

    internal void Report(MergeJobStepStarted step) => StepStarted?.Invoke(step);
}

public sealed record JobOutcome(bool Succeeded, string? Reason, IReadOnlyList<PublishedArtifact> Artifacts, int Attempts,
    TransferCounts? Transfer = null);
