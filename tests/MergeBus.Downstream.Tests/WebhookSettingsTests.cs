using MergeBus.Configuration;
using MergeBus.ServiceDefaults.Configuration;
using MergeBus.Webhooks;

namespace MergeBus.Downstream.Tests;

public sealed class WebhookSettingsTests
{
    private const string Base = """
        redis: {address: "127.0.0.1:6379"}
        storage: {s3: {bucket: recordings}}
        api_key: APIkey
        api_secret: api-secret-value
        """;

    private static MergeBusSettings Load(string yaml) =>
        MergeBusSettingsLoader.Load(new Dictionary<string, string> { ["EGRESS_CONFIG_BODY"] = yaml });

    [Fact]
    public void A_yaml_list_of_webhooks_is_read_with_its_events_signatures_and_max_age()
    {
        var settings = Load(Base + """

            mergebus:
              webhooks:
                - {url: "https://a.example/hook?token=t0ken", events: [MergeJobCompleted], secret: "whsec_1"}
                - {url: "https://b.example/lk", signature: livekit, max_age: 48h}
            """).Webhooks;

        Assert.Equal(2, settings.Targets.Count);
        Assert.Equal(WebhookSignatures.Hmac, settings.Targets[0].Signature);
        Assert.True(settings.Targets[0].Wants("MergeJobCompleted"));
        Assert.False(settings.Targets[0].Wants("MergeJobStarted"));
        Assert.True(settings.Targets[1].Wants("MergeJobRetried"));
        Assert.Equal(TimeSpan.FromHours(48), settings.MaxAge);
        Assert.Equal("APIkey", settings.LiveKitApiKey);
        var printed = Load(Base + "\nmergebus: {webhooks: [{url: \"https://a.example/h?token=t0ken\", secret: whsec_1}]}").ToString();
        Assert.DoesNotContain("whsec_1", printed);
        Assert.DoesNotContain("t0ken", printed);
        Assert.DoesNotContain("api-secret-value", printed);
    }

    [Fact]
    public void The_default_max_age_is_a_day()
    {
        var settings = Load(Base + "\nmergebus: {webhooks: [{url: \"https://a.example/h\", secret: s}]}").Webhooks;

        Assert.Equal(TimeSpan.FromHours(24), settings.MaxAge);
    }

    [Theory]
    [InlineData("{url: \"https://a.example/h\"}", "mergebus.webhooks.0.secret")]
    [InlineData("{url: \"ftp://a.example/h\", secret: s}", "mergebus.webhooks.0.url")]
    [InlineData("{url: \"https://a.example/h\", secret: s, signature: rsa}", "mergebus.webhooks.0.signature")]
    [InlineData("{url: \"https://a.example/h\", secret: s, events: [JobDone]}", "mergebus.webhooks.0.events")]
    public void A_wrong_webhook_entry_stops_the_process_naming_its_key(string entry, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(Base + $"\nmergebus: {{webhooks: [{entry}]}}"));

        Assert.Contains(key, error.Message);
    }
}
