using MergeBus.Configuration;
using MergeBus.Protocol.Manifests;
using MergeBus.ServiceDefaults.Configuration;

namespace MergeBus.Distributed.Tests;

/// <summary>The timeline and audio rows of docs/limits.md, bound from mergebus.limits.*. No servers needed.</summary>
public sealed class TimelineLimitSettingsTests
{
    private const string Base = "redis: {address: \"r:6379\"}\nstorage: {s3: {bucket: b}}\n";

    private static MergeLimits Load(string yaml, params (string, string)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Item1, e => e.Item2);
        variables["EGRESS_CONFIG_BODY"] = Base + yaml;
        return MergeBusSettingsLoader.Load(variables).Limits;
    }

    [Fact]
    public void The_defaults_are_a_5_second_end_tolerance_1000_runs_per_input_and_the_exact_sample_rates()
    {
        var limits = Load("");

        Assert.Equal(TimeSpan.FromSeconds(5), limits.EndTolerance);
        Assert.Equal(1000, limits.MaxRunsPerInput);
        Assert.Equal([8000, 12000, 16000, 24000, 32000, 44100, 48000, 88200, 96000], limits.InputSampleRates.Order());
    }

    [Fact]
    public void The_end_tolerance_runs_per_input_and_sample_rates_bind_from_yaml_and_the_environment()
    {
        var limits = Load("mergebus: {limits: {end_tolerance: 2s, max_runs_per_input: 50}}",
            ("MERGEBUS__LIMITS__INPUT_SAMPLE_RATES", "16000, 48000"));

        Assert.Equal(TimeSpan.FromSeconds(2), limits.EndTolerance);
        Assert.Equal(50, limits.MaxRunsPerInput);
        Assert.Equal([16000, 48000], limits.InputSampleRates.Order());
    }

    [Theory]
    [InlineData("1", "mergebus.limits.input_sample_rates")]
    [InlineData("48000,abc", "mergebus.limits.input_sample_rates")]
    public void A_sample_rate_list_that_is_not_rates_is_named(string rates, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load("", ("MERGEBUS__LIMITS__INPUT_SAMPLE_RATES", rates)));

        Assert.Contains(key, error.Message);
    }
}
