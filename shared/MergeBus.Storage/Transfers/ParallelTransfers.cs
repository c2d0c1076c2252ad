namespace MergeBus.Storage.Transfers;

/// <summary>
/// Runs one transfer per item, a few at a time, and returns the results in the items' order. A session's inputs
/// (or a mix's artifacts) are independent objects; fetching them one after another puts every round trip to the
/// store on the job's critical path.
/// </summary>
public static class ParallelTransfers
{
    /// <summary>At most this many transfers of one job at once: enough to hide round trips, few enough for any store.</summary>
    public const int MaxAtOnce = 4;

    public static async Task<TResult[]> RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, int, CancellationToken, Task<TResult>> transfer,
        CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxAtOnce, CancellationToken = cancellationToken },
            async (index, token) => results[index] = await transfer(items[index], index, token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    public static Task RunAsync<TItem>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task> transfer, CancellationToken cancellationToken) =>
        RunAsync(items, async (item, _, token) =>
        {
            await transfer(item, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
}
