using MergeBus.Redis.Queue;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Queue;

public sealed class EgressQueueTests(RedisFixture fixture) : RedisTest(fixture)
{
    private static readonly TimeSpan NoWait = TimeSpan.Zero;

    private EgressQueue NewQueue() => new(Redis);

    private Task PushAsync(params string[] entries) =>
        Task.WhenAll(entries.Select(e => Database.ListRightPushAsync(EgressQueueKeys.Queue, e)));

    private async Task<string[]> ListAsync(string key) =>
        (await Database.ListRangeAsync(key)).Select(v => (string)v!).ToArray();

    [Fact]
    public async Task Entries_are_claimed_in_the_order_the_egress_pushed_them()
    {
        var queue = NewQueue();
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, "one");
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, "two");
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, "three");

        var claimed = new[] { await queue.ClaimAsync(NoWait), await queue.ClaimAsync(NoWait), await queue.ClaimAsync(NoWait) };

        Assert.Equal(["one", "two", "three"], claimed.Select(c => c!.Entry));
    }

    [Fact]
    public async Task A_claimed_entry_waits_in_the_processing_list_until_acknowledged()
    {
        var queue = NewQueue();
        await PushAsync("job");

        var claim = await queue.ClaimAsync(NoWait);

        Assert.Empty(await ListAsync(EgressQueueKeys.Queue));
        Assert.Equal(["job"], await ListAsync(EgressQueueKeys.Processing));
        Assert.True(await Database.SortedSetScoreAsync(EgressQueueKeys.Claims, claim!.ClaimId) is not null);
    }

    [Fact]
    public async Task Acknowledging_a_claim_removes_its_entry_for_good()
    {
        var queue = NewQueue();
        await PushAsync("job");
        var claim = await queue.ClaimAsync(NoWait);

        Assert.True(await queue.AckAsync(claim!));

        Assert.Empty(await ListAsync(EgressQueueKeys.Processing));
        Assert.Equal(0, await Database.SortedSetLengthAsync(EgressQueueKeys.Claims));
        Assert.Equal(0, await Database.HashLengthAsync(EgressQueueKeys.ClaimEntries));
    }

    [Fact]
    public async Task A_released_claim_goes_back_to_the_front_of_the_queue_at_once()
    {
        var queue = NewQueue();
        await PushAsync("first", "second");
        var claim = await queue.ClaimAsync(NoWait);

        Assert.True(await queue.ReleaseAsync(claim!));

        Assert.Equal(["first", "second"], await ListAsync(EgressQueueKeys.Queue));
        Assert.Empty(await ListAsync(EgressQueueKeys.Processing));
        Assert.False(await queue.AckAsync(claim!));
    }

    [Fact]
    public async Task Claiming_from_an_empty_queue_gives_null_after_the_wait()
    {
        var started = DateTime.UtcNow;

        var claim = await NewQueue().ClaimAsync(TimeSpan.FromMilliseconds(200));

        Assert.Null(claim);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(190));
    }

    [Fact]
    public async Task A_claim_time_comes_from_the_Redis_clock()
    {
        var queue = NewQueue();
        await PushAsync("job");

        var claim = await queue.ClaimAsync(NoWait);

        Assert.InRange(claim!.ClaimedAt, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Expired_claims_go_back_to_the_front_of_the_queue_in_their_original_order()
    {
        var queue = NewQueue();
        await PushAsync("first");
        await PushAsync("second");
        await queue.ClaimAsync(NoWait);
        await queue.ClaimAsync(NoWait);
        await PushAsync("third");
        await Task.Delay(50);

        var requeued = await queue.RequeueExpiredAsync(TimeSpan.FromMilliseconds(10));

        Assert.Equal(2, requeued);
        Assert.Equal(["first", "second", "third"], await ListAsync(EgressQueueKeys.Queue));
        Assert.Empty(await ListAsync(EgressQueueKeys.Processing));
    }

    [Fact]
    public async Task Claims_younger_than_the_visibility_timeout_stay_claimed()
    {
        var queue = NewQueue();
        await PushAsync("job");
        await queue.ClaimAsync(NoWait);

        var requeued = await queue.RequeueExpiredAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(0, requeued);
        Assert.Equal(["job"], await ListAsync(EgressQueueKeys.Processing));
    }

    [Fact]
    public async Task An_ack_that_arrives_after_the_claim_was_requeued_is_refused_and_keeps_the_entry()
    {
        var queue = NewQueue();
        await PushAsync("job");
        var claim = await queue.ClaimAsync(NoWait);
        await Task.Delay(50);
        await queue.RequeueExpiredAsync(TimeSpan.FromMilliseconds(10));

        Assert.False(await queue.AckAsync(claim!));
        Assert.Equal(["job"], await ListAsync(EgressQueueKeys.Queue));
    }

    [Fact]
    public async Task Concurrent_claimers_never_get_the_same_entry()
    {
        var entries = Enumerable.Range(0, 200).Select(i => $"job-{i}").ToArray();
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, entries.Select(e => (StackExchange.Redis.RedisValue)e).ToArray());
        var claimers = Enumerable.Range(0, 4).Select(_ => new EgressQueue(Redis)).ToArray();

        var claimed = await Task.WhenAll(claimers.Select(async q =>
        {
            var mine = new List<string>();
            while (await q.ClaimAsync(NoWait) is { } claim)
                mine.Add(claim.Entry);
            return mine;
        }));

        Assert.Equal(entries.Order(), claimed.SelectMany(c => c).Order());
    }
}
