using MergeBus.Contracts;
using MergeBus.Fetcher.Components;

namespace MergeBus.Support.Tests.Support;

/// <summary>
/// The real fetcher, made to fail its first <see cref="Failures"/> tries per job with an I/O error: a storage outage
/// on demand, which the real storage cannot produce.
/// </summary>
public sealed class FlakyFetcher(InputFetcher inner, FaultPlan plan) : IInputFetcher
{
    public async Task<FetchedInputs> FetchAsync(FetchInputs command, CancellationToken cancellationToken)
    {
        if (!plan.ShouldFail(command.JobId)) return await inner.FetchAsync(command, cancellationToken);
        // An outage shows after a connect attempt, never before the saga has stored the step it started.
        await Task.Delay(300, cancellationToken);
        throw new IOException($"storage unreachable (injected failure, attempt {command.Attempt})");
    }
}

public sealed class FaultPlan
{
    private readonly Dictionary<string, int> remaining = [];

    public void FailFetch(string jobId, int times)
    {
        lock (remaining) remaining[jobId] = times;
    }

    public bool ShouldFail(string jobId)
    {
        lock (remaining)
        {
            if (!remaining.TryGetValue(jobId, out var left) || left == 0) return false;
            remaining[jobId] = left - 1;
            return true;
        }
    }
}
