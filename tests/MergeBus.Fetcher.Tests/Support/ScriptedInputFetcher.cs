using MergeBus.Contracts;
using MergeBus.Fetcher.Components;
using MergeBus.Testing.Bus;

namespace MergeBus.Fetcher.Tests.Support;

/// <summary>
/// Stands in for the real fetcher only to choose the outcome of each call (the real one's inputs, storage and
/// probing are tested with real files in Merge.Tests and Distributed.Tests). Call n (from 1) gets <c>outcome(n)</c>.
/// </summary>
public sealed class ScriptedInputFetcher(Func<int, FetchedInputs> outcome) : IInputFetcher
{
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public Task<FetchedInputs> FetchAsync(FetchInputs command, CancellationToken cancellationToken) =>
        Task.FromResult(outcome(Interlocked.Increment(ref calls)));

    public static FetchedInputs Fetched(string manifestPath) =>
        new(StepMessages.Plan(manifestPath), new TransferCounts { BytesDownloaded = 1234 });
}
