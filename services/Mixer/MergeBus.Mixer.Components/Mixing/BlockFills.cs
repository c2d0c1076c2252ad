namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Fills one block of every input decoded in process (libopus runs on the caller's thread): one work item per core,
/// each taking the next input nobody has taken yet, the mixing thread among them. One thread-pool item per input per
/// block cost the pool's wake-ups and spinning on every 0.25 s block with many speakers (issue 22). The caller may
/// limit the workers for a block (1: its own thread alone), e.g. while an encoder needs the other core.
/// </summary>
/// <param name="members">Indexes of the in-process inputs.</param>
/// <param name="fill">Fills input i's block at (start, frames) and returns its extent.</param>
/// <param name="extents">Where each input's extent goes, by input index.</param>
internal sealed class BlockFills(int[] members, Func<int, long, int, CancellationToken, Task<int>> fill, int[] extents)
{
    private readonly int workers = Math.Min(Environment.ProcessorCount, members.Length);
    private int next;
    private long start;
    private int frames;

    /// <summary>Completes when every member's fill has, so no fill is ever left running on a track that goes away.</summary>
    public Task FillAsync(long blockStart, int blockFrames, CancellationToken cancellationToken) =>
        FillAsync(blockStart, blockFrames, workers, cancellationToken);

    /// <summary>As <see cref="FillAsync(long, int, CancellationToken)"/>, on at most <paramref name="maxWorkers"/> threads (1: the caller's alone).</summary>
    public Task FillAsync(long blockStart, int blockFrames, int maxWorkers, CancellationToken cancellationToken)
    {
        if (workers == 0)
        {
            return Task.CompletedTask;
        }

        start = blockStart;
        frames = blockFrames;
        next = -1;
        var used = Math.Clamp(maxWorkers, 1, workers);
        if (used == 1)
        {
            return DrainAsync(cancellationToken);
        }

        var all = new Task[used];
        for (var w = 1; w < used; w++)
        {
            all[w] = Task.Run(() => DrainAsync(cancellationToken), cancellationToken);
        }

        all[0] = DrainAsync(cancellationToken);
        return Task.WhenAll(all);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        int taken;
        while ((taken = Interlocked.Increment(ref next)) < members.Length)
        {
            var index = members[taken];
            extents[index] = await fill(index, start, frames, cancellationToken).ConfigureAwait(false);
        }
    }
}
