using System.Collections.Concurrent;
using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Tests;

/// <summary>One block's fills of the inputs decoded in process: one work item per core, each taking the next input.</summary>
public sealed class BlockFillsTests
{
    [Fact]
    public async Task Every_member_input_is_filled_once_per_block_at_the_block_position_and_no_other_input_is()
    {
        int[] members = [0, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
        var extents = Enumerable.Repeat(-1, 18).ToArray();
        var calls = new ConcurrentBag<(int Index, long Start, int Frames)>();
        var fills = new BlockFills(members, (index, start, frames, _) =>
        {
            calls.Add((index, start, frames));
            return Task.FromResult(index + 100);
        }, extents);

        for (var block = 0; block < 3; block++)
        {
            calls.Clear();
            await fills.FillAsync(block * 12_000L, 12_000 - block, CancellationToken.None);

            Assert.Equal(members, calls.Select(c => c.Index).Order());
            Assert.All(calls, c => Assert.Equal((block * 12_000L, 12_000 - block), (c.Start, c.Frames)));
        }

        Assert.Equal([100, -1, 102, 103, -1, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117], extents);
    }

    [Fact]
    public async Task A_block_filled_by_one_worker_fills_every_member_on_the_callers_thread()
    {
        int[] members = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
        var extents = new int[members.Length];
        var threads = new ConcurrentBag<int>();
        var fills = new BlockFills(members, (index, _, _, _) =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            return Task.FromResult(index);
        }, extents);

        var caller = Environment.CurrentManagedThreadId;
        var block = fills.FillAsync(0, 480, maxWorkers: 1, CancellationToken.None);

        Assert.True(block.IsCompletedSuccessfully);
        Assert.Equal(members.Length, threads.Count);
        Assert.All(threads, t => Assert.Equal(caller, t));
        Assert.Equal(members, extents);
        await block;
    }

    [Fact]
    public async Task A_block_is_not_filled_until_its_slowest_input_is()
    {
        var slow = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var extents = new int[4];
        var fills = new BlockFills([0, 1, 2, 3], (index, _, _, _) => index == 1 ? slow.Task : Task.FromResult(7), extents);

        var block = fills.FillAsync(0, 480, CancellationToken.None);
        Assert.False(block.IsCompleted);

        slow.SetResult(3);
        await block;
        Assert.Equal([7, 3, 7, 7], extents);
    }

    [Fact]
    public async Task A_failed_fill_fails_the_block_only_once_every_other_fill_has_finished()
    {
        var slow = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var extents = new int[3];
        var fills = new BlockFills([0, 1, 2], (index, _, _, _) => index switch
        {
            0 => slow.Task,
            1 => Task.FromException<int>(new InvalidDataException("input 1 is broken")),
            _ => Task.FromResult(5),
        }, extents);

        var block = fills.FillAsync(0, 480, CancellationToken.None);
        Assert.False(block.IsCompleted);

        slow.SetResult(2);
        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => block);
        Assert.Equal("input 1 is broken", failure.Message);
        Assert.Equal(2, extents[0]);
    }
}
