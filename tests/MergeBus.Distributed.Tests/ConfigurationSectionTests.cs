using System.Reflection;
using MergeBus.Configuration;
using MergeBus.Redis.Connection;
using MergeBus.ServiceDefaults.Configuration;
using MergeBus.Storage;
using MergeBus.Webhooks;

namespace MergeBus.Distributed.Tests;

/// <summary>Each section binds beside its options and the loader composes them. No servers needed.</summary>
public sealed class ConfigurationSectionTests
{
    private const string Yaml = "redis: {address: 'r:6379'}\nstorage: {s3: {bucket: b}}\n";

    /// <summary>Every public static <c>…Binder.Keys</c> of the projects that bind sections, found by reflection.</summary>
    public static TheoryData<string, string> DeclaredMergeBusKeys()
    {
        var data = new TheoryData<string, string>();
        Assembly[] assemblies =
        [
            typeof(ConfigurationKeys).Assembly, typeof(StorageOptions).Assembly, typeof(RedisConnectionOptions).Assembly,
            typeof(WebhookSettings).Assembly, typeof(MergeBusSettings).Assembly,
        ];
        foreach (var binder in assemblies.SelectMany(a => a.GetExportedTypes()).Where(t => t.Name.EndsWith("Binder", StringComparison.Ordinal)))
        {
            var keys = (ConfigurationKeys)binder.GetProperty("Keys", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            foreach (var key in keys.Names.Where(k => k.StartsWith("mergebus.", StringComparison.Ordinal)))
                data.Add(binder.Name, key);
        }
        return data;
    }

    [Fact]
    public void The_binders_are_found_so_the_key_check_below_checks_something()
    {
        var binders = DeclaredMergeBusKeys().Select(row => (string)row[0]).Distinct().ToList();
        Assert.Contains("MixerSettingsBinder", binders);
        Assert.Contains("StorageOptionsBinder", binders);
        Assert.Contains("WebhookSettingsBinder", binders);
        Assert.Contains("ApiSettingsBinder", binders);
    }

    [Theory]
    [MemberData(nameof(DeclaredMergeBusKeys))]
    public void Every_mergebus_key_a_section_declares_is_one_the_loader_accepts(string binder, string key)
    {
        // A value most keys refuse: the loader may reject the value, but never the key itself.
        var variable = "MERGEBUS__" + key["mergebus.".Length..].Replace(".", "__", StringComparison.Ordinal).ToUpperInvariant();
        var environment = new Dictionary<string, string> { ["EGRESS_CONFIG_BODY"] = Yaml, [variable] = "not-a-value" };
        var error = Record.Exception(() => MergeBusSettingsLoader.Load(environment));
        Assert.False(error?.Message.Contains("is not a MergeBus setting", StringComparison.Ordinal) == true,
            $"{binder} declares {key}, but the loader does not compose its section: {error?.Message}");
    }

    [Fact]
    public void A_typed_read_names_the_key_and_never_quotes_the_value()
    {
        var values = ConfigurationValues.From(new Dictionary<string, string> { ["MERGEBUS__MIXER__CONCURRENCY"] = "s3cr3t-value" });
        var error = Assert.Throws<ConfigurationException>(() => values.Int("mergebus.mixer.concurrency", 1, min: 1));
        Assert.Equal("configuration error: mergebus.mixer.concurrency must be a whole number of at least 1", error.Message);
    }
}
