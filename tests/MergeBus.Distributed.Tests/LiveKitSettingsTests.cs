using MergeBus.Configuration;
using MergeBus.ServiceDefaults.Configuration;

namespace MergeBus.Distributed.Tests;

/// <summary>mergebus.livekit and its limit, bound by the settings loader. No servers needed.</summary>
public sealed class LiveKitSettingsTests
{
    private const string Yaml = """
        redis: {address: "redis:6379"}
        storage: {s3: {bucket: recordings}}
        api_key: APIegress
        api_secret: egress-secret-value
        ws_url: wss://livekit.example.com
        """;

    private static MergeBusSettings Load(string yaml, params (string, string)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Item1, e => e.Item2);
        variables["EGRESS_CONFIG_BODY"] = yaml;
        return MergeBusSettingsLoader.Load(variables);
    }

    [Fact]
    public void The_egress_yaml_key_pair_and_ws_url_turn_the_intake_on_with_the_documented_defaults()
    {
        var livekit = Load(Yaml).LiveKit;

        Assert.Equal(new Dictionary<string, string> { ["APIegress"] = "egress-secret-value" }, livekit.Keys);
        Assert.Equal("APIegress", livekit.LookupKey);
        Assert.Equal(new Uri("https://livekit.example.com"), livekit.Url);
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(2), 5000, null),
            (livekit.SettleMin, livekit.SettleAfter, livekit.MaxEventsPerRoom, livekit.ManifestPath));
    }

    [Fact]
    public void Extra_key_pairs_from_the_environment_keep_the_case_of_their_keys_and_add_to_the_egress_pair()
    {
        var livekit = Load(Yaml, ("MERGEBUS__LIVEKIT__KEYS", "APIcloudA:secret-a, APIcloudB:secret:b")).LiveKit;

        Assert.Equal(["APIcloudA", "APIcloudB", "APIegress"], livekit.Keys.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("secret:b", livekit.Keys["APIcloudB"]);
    }

    [Fact]
    public void Extra_key_pairs_may_be_a_yaml_list_of_key_and_secret_mappings()
    {
        var livekit = Load(Yaml + "\n" + """
            mergebus:
              livekit:
                keys:
                  - {key: APIlistOne, secret: list-secret-1}
                url: http://127.0.0.1:7880
                settle_min: 5s
                settle_after: 30s
              limits: {max_livekit_events_per_room: 200}
            """).LiveKit;

        Assert.Equal("list-secret-1", livekit.Keys["APIlistOne"]);
        Assert.Equal(new Uri("http://127.0.0.1:7880"), livekit.Url);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 200), (livekit.SettleMin, livekit.SettleAfter, livekit.MaxEventsPerRoom));
    }

    [Fact]
    public void A_key_pair_without_a_colon_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(Yaml, ("MERGEBUS__LIVEKIT__KEYS", "APIonly-secret-text"))).Message;

        Assert.Contains("mergebus.livekit.keys", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-text", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_after_shorter_than_settle_min_is_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            Load(Yaml, ("MERGEBUS__LIVEKIT__SETTLE_MIN", "1m"), ("MERGEBUS__LIVEKIT__SETTLE_AFTER", "30s"))).Message;

        Assert.Contains("mergebus.livekit.settle_after must be at least mergebus.livekit.settle_min", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_settings_summary_names_the_keys_and_never_their_secrets()
    {
        var settings = Load(Yaml, ("MERGEBUS__LIVEKIT__KEYS", "APIcloudA:secret-a"));

        Assert.Contains("APIcloudA", settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("egress-secret-value", settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-a", settings.LiveKit.ToString(), StringComparison.Ordinal);
    }
}
