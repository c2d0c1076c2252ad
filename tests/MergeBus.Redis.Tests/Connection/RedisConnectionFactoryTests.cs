using System.Net;
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
    public void Sentinel_settings_ask_the_sentinels_for_the_named_master()
    {
        var configuration = RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions
            { Address = "", SentinelMasterName = "mymaster", SentinelAddresses = ["s1:26379", "s2:26379"] });

        Assert.Equal("mymaster", configuration.ServiceName);
        Assert.Equal([new DnsEndPoint("s1", 26379), new DnsEndPoint("s2", 26379)], configuration.EndPoints.ToArray());
    }

    [Fact]
    public void A_sentinel_master_name_without_sentinel_addresses_is_refused_naming_the_key()
    {
        var thrown = Assert.Throws<ArgumentException>(() =>
            RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions { SentinelMasterName = "mymaster" }));

        Assert.StartsWith("redis.sentinel_addresses:", thrown.Message);
    }

    [Fact]
    public void Cluster_settings_connect_to_every_listed_node()
    {
        var configuration = RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions
            { Address = "", ClusterAddresses = ["a:7000", "b:7001"] });

        Assert.Equal([new DnsEndPoint("a", 7000), new DnsEndPoint("b", 7001)], configuration.EndPoints.ToArray());
        Assert.Null(configuration.ServiceName);
    }

    [Fact]
    public void A_database_other_than_zero_with_a_cluster_is_refused_naming_the_key()
    {
        var thrown = Assert.Throws<ArgumentException>(() =>
            RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions { ClusterAddresses = ["a:7000"], Db = 2 }));

        Assert.StartsWith("redis.db:", thrown.Message);
    }

    [Fact]
    public void Sentinel_and_cluster_settings_together_are_refused()
    {
        var thrown = Assert.Throws<ArgumentException>(() => RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions
            { SentinelMasterName = "m", SentinelAddresses = ["s:26379"], ClusterAddresses = ["a:7000"] }));

        Assert.StartsWith("redis.cluster_addresses:", thrown.Message);
    }

    [Fact]
    public void An_acl_username_and_tls_reach_the_client_configuration()
    {
        var configuration = RedisConnectionFactory.ToConfiguration(new RedisConnectionOptions
            { Address = "redis.internal:6380", Username = "mergebus", Password = "pw", UseTls = true });

        Assert.Equal(("mergebus", "pw"), (configuration.User, configuration.Password));
        Assert.True(configuration.Ssl);
        Assert.Equal("redis.internal", configuration.SslHost);
    }

    [Fact]
    public void Printing_the_options_hides_the_password()
    {
        var text = new RedisConnectionOptions { Address = "redis:6379", Password = "hunter2-secret" }.ToString();

        Assert.DoesNotContain("hunter2-secret", text);
        Assert.Contains("redis:6379", text);
    }
}
