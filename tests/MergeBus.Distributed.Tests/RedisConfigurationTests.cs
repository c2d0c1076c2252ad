using MergeBus.Configuration;
using MergeBus.ServiceDefaults.Configuration;

namespace MergeBus.Distributed.Tests;

/// <summary>The egress <c>redis:</c> section for every topology (spec §5). No servers needed.</summary>
public sealed class RedisConfigurationTests
{
    private static MergeBusSettings Load(string redisYaml) =>
        MergeBusSettingsLoader.Load(new Dictionary<string, string> { ["EGRESS_CONFIG_BODY"] = redisYaml + "\nstorage: {s3: {bucket: b}}" });

    private static string ErrorOf(string redisYaml) => Assert.Throws<ConfigurationException>(() => Load(redisYaml)).Message;

    [Fact]
    public void Sentinel_settings_load_without_an_address()
    {
        var settings = Load("redis: {sentinel_master_name: mymaster, sentinel_addresses: [\"s1:26379\", \"s2:26379\"], password: pw}");

        Assert.Equal("mymaster", settings.Redis.SentinelMasterName);
        Assert.Equal(["s1:26379", "s2:26379"], settings.Redis.SentinelAddresses);
        Assert.Contains("sentinel mymaster via s1:26379,s2:26379", settings.ToString());
    }

    [Fact]
    public void Cluster_settings_and_an_acl_user_load_without_an_address()
    {
        var settings = Load("redis: {cluster_addresses: [\"n1:7000\", \"n2:7001\"], username: mergebus, password: pw, use_tls: true}");

        Assert.Equal(["n1:7000", "n2:7001"], settings.Redis.ClusterAddresses);
        Assert.Equal(("mergebus", true), (settings.Redis.Username, settings.Redis.UseTls));
    }

    [Fact]
    public void A_cluster_with_a_database_other_than_zero_is_named_in_one_line() =>
        Assert.Equal("configuration error: redis.db must be 0 with redis.cluster_addresses (Redis Cluster has one database).",
            ErrorOf("redis: {cluster_addresses: [\"n1:7000\"], db: 3}"));

    [Fact]
    public void Sentinel_addresses_without_a_master_name_are_named_in_one_line() =>
        Assert.Equal("configuration error: redis.sentinel_master_name is required with redis.sentinel_addresses.",
            ErrorOf("redis: {sentinel_addresses: [\"s1:26379\"]}"));

    [Fact]
    public void No_address_and_no_sentinel_or_cluster_is_named_in_one_line() =>
        Assert.Equal("configuration error: redis.address is required (host:port)", ErrorOf("redis: {db: 1}"));
}
