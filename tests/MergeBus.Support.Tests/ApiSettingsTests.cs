using MergeBus.Configuration;
using MergeBus.ServiceDefaults.Configuration;

namespace MergeBus.Support.Tests;

public sealed class ApiSettingsTests
{
    private const string Base = "redis: {address: \"127.0.0.1:6379\"}\nstorage: {s3: {bucket: b}}\n";

    [Fact]
    public void Tokens_come_from_the_yaml_list_and_from_the_environment()
    {
        var settings = MergeBusSettingsLoader.Load(new Dictionary<string, string>
        {
            ["EGRESS_CONFIG_BODY"] = Base + "mergebus:\n  api:\n    tokens:\n      - {name: support, token: \"aaaaaaaaaaaaaaaaaaaa\", role: read}\n",
            ["MERGEBUS__API__TOKENS__1__NAME"] = "oncall",
            ["MERGEBUS__API__TOKENS__1__TOKEN"] = "bbbbbbbbbbbbbbbbbbbb",
            ["MERGEBUS__API__TOKENS__1__ROLE"] = "operate",
        });
        Assert.Equal(["support:read", "oncall:operate"], settings.Api.Tokens.Select(t => $"{t.Name}:{t.Role}"));
        Assert.Equal("http://127.0.0.1:8080", settings.Api.Listen);
        Assert.DoesNotContain("aaaaaaaaaaaaaaaaaaaa", settings.ToString());
    }

    [Fact]
    public void An_unknown_role_stops_the_process_with_the_key_named()
    {
        var bad = Assert.Throws<ConfigurationException>(() => MergeBusSettingsLoader.Load(new Dictionary<string, string>
        {
            ["EGRESS_CONFIG_BODY"] = Base + "mergebus:\n  api:\n    tokens:\n      - {name: x, token: \"aaaaaaaaaaaaaaaaaaaa\", role: admin}\n",
        }));
        Assert.Contains("mergebus.api.tokens.0.role", bad.Message);
    }

    [Fact]
    public void The_history_connection_string_never_shows_its_password()
    {
        var settings = MergeBusSettingsLoader.Load(new Dictionary<string, string>
        {
            ["EGRESS_CONFIG_BODY"] = Base + "mergebus:\n  history: {connection_string: \"Host=pg;Port=5432;Username=u;Password=hunter2-secret;Database=h\"}\n",
        });
        Assert.True(settings.History.Enabled);
        Assert.Contains("postgresql pg:5432/h", settings.ToString());
        Assert.DoesNotContain("hunter2", settings.ToString());
    }
}
