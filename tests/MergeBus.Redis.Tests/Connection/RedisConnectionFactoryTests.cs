using MergeBus.Redis.Connection;
using MergeBus.Redis.Tests.Support;

namespace MergeBus.Redis.Tests.Connection;

public sealed class RedisConnectionFactoryTests(RedisFixture fixture) : RedisTest(fixture)
{
    [Fact]
    public async Task The_egress_address_setting_connects_to_the_server()
    {
        using var redis = RedisConnectionFactory.Connect(new RedisConnectionOptions { Address = Fixture.Server.Address, Db = 3 });

        await redis.GetDatabase().StringSetAsync("probe", "ok");

        Assert.Equal("ok", (string)(await redis.GetDatabase(3).StringGetAsync("probe"))!);
    }

    [Fact]
    public void The_configured_database_becomes_the_default_database()
    {
        var configuration = RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions { Address = "redis:6379", Db = 5 });

        Assert.Equal(5, configuration.DefaultDatabase);
        Assert.False(configuration.AbortOnConnectFail);
    }

    [Fact]
    public void Sentinel_settings_are_refused_naming_the_key()
    {
        var thrown = Assert.Throws<NotSupportedException>(() =>
            RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions { SentinelMasterName = "mymaster" }));

        Assert.Contains("redis.sentinel_master_name", thrown.Message);
    }

    [Fact]
    public void Cluster_settings_are_refused_naming_the_key()
    {
        var thrown = Assert.Throws<NotSupportedException>(() =>
            RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions { ClusterAddresses = ["a:7000"] }));

        Assert.Contains("redis.cluster_addresses", thrown.Message);
    }

    [Fact]
    public void Printing_the_options_hides_the_password()
    {
        var text = new RedisConnectionOptions { Address = "redis:6379", Password = "hunter2-secret" }.ToString();

        Assert.DoesNotContain("hunter2-secret", text);
        Assert.Contains("redis:6379", text);
    }
}
