using MergeBus.Redis.Connection;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Queue;

public sealed class BlockingClaimTests(RedisFixture fixture) : RedisTest(fixture)
{
    private StackExchange.Redis.ConnectionMultiplexer ConnectBlocking() =>
        RedisConnectionFactory.ConnectForBlocking(new RedisConnectionOptions { Address = Fixture.Server.Address });

    [Fact]
    public async Task A_blocked_claimer_does_not_hold_up_commands_on_the_shared_connection()
    {
        using var blocking = ConnectBlocking();
        var queue = new EgressQueue(Redis, blocking: blocking);

        var claiming = queue.ClaimAsync(TimeSpan.FromSeconds(3));
        await Task.Delay(100);
        for (var i = 0; i < 10; i++)
            await Database.StringSetAsync($"other-{i}", i);

        Assert.False(claiming.IsCompleted);
        Assert.Null(await claiming);
    }

    [Fact]
    public async Task Waking_up_takes_nothing_from_the_queue_only_the_claim_does()
    {
        using var blocking = ConnectBlocking();
        var queue = new EgressQueue(Redis, blocking: blocking);
        var claiming = queue.ClaimAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);

        await Database.ListRightPushAsync(EgressQueueKeys.Queue, ["first", "second", "third"]);
        var claim = await claiming;

        Assert.Equal("first", claim?.Entry);
        Assert.Equal(["second", "third"], (await Database.ListRangeAsync(EgressQueueKeys.Queue)).Select(v => (string)v!));
        Assert.Equal(["first"], (await Database.ListRangeAsync(EgressQueueKeys.Processing)).Select(v => (string)v!));
    }

    [Fact]
    public async Task Two_blocked_claimers_share_entries_without_taking_one_twice()
    {
        using var blockingA = ConnectBlocking();
        using var blockingB = ConnectBlocking();
        var a = new EgressQueue(Redis, blocking: blockingA);
        var b = new EgressQueue(Redis, blocking: blockingB);
        var claimingA = a.ClaimAsync(TimeSpan.FromSeconds(5));
        var claimingB = b.ClaimAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);

        await Database.ListRightPushAsync(EgressQueueKeys.Queue, ["x", "y"]);
        var claims = await Task.WhenAll(claimingA, claimingB);

        Assert.Equal(["x", "y"], claims.Select(c => c!.Entry).Order());
        Assert.NotEqual(claims[0]!.ClaimId, claims[1]!.ClaimId);
    }

    [Fact]
    public async Task A_claim_left_past_the_visibility_timeout_is_requeued_and_wakes_a_blocked_claimer()
    {
        using var blocking = ConnectBlocking();
        var queue = new EgressQueue(Redis, blocking: blocking);
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, "abandoned");
        var first = await queue.ClaimAsync(TimeSpan.Zero);

        var waiting = queue.ClaimAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(150);
        var requeued = await queue.RequeueExpiredAsync(TimeSpan.FromMilliseconds(100));
        var second = await waiting;

        Assert.Equal(1, requeued);
        Assert.Equal("abandoned", second?.Entry);
        Assert.NotEqual(first!.ClaimId, second!.ClaimId);
        Assert.False(await queue.AckAsync(first));
        Assert.True(await queue.AckAsync(second));
    }
}
