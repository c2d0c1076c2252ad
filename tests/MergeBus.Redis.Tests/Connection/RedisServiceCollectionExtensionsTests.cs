using MergeBus.Protocol.Jobs;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Queue;
using MergeBus.Redis.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Redis.Tests.Connection;

public sealed class RedisServiceCollectionExtensionsTests(RedisFixture fixture) : RedisTest(fixture)
{
    [Fact]
    public async Task The_registered_services_talk_to_the_configured_Redis()
    {
        var services = new ServiceCollection().AddMergeBusRedis(new RedisConnectionOptions { Address = Fixture.Server.Address });
        await using var provider = services.BuildServiceProvider();
        await Database.ListRightPushAsync(EgressQueueKeys.Queue, "job");

        var claim = await provider.GetRequiredService<EgressQueue>().ClaimAsync(TimeSpan.FromSeconds(1));
        await provider.GetRequiredService<IJobStatusStore>().SetAsync(new MergeJob { Id = "job-1" });

        Assert.Equal("job", claim?.Entry);
        Assert.True(await Database.KeyExistsAsync("livekit:egress:merge:status:job-1"));
    }

    [Fact]
    public void A_contradictory_setting_fails_at_registration()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddMergeBusRedis(
            new RedisConnectionOptions { ClusterAddresses = ["a:7000"], SentinelMasterName = "m", SentinelAddresses = ["s:26379"] }));
    }
}
