namespace MergeBus.Merge.Tests;

/// <summary>`mergebus merge` holds to the same `mergebus.limits.*` as the services, from its environment.</summary>
public class LimitSettingTests
{
    [Fact]
    public async Task A_limit_set_in_the_environment_fails_a_merge_that_passes_it_and_names_the_setting()
    {
        using var session = await SessionFolder.CreateAsync(new() { ParticipantCount = 2, DurationSeconds = 5, Dtx = false });
        var before = session.MixOutputs();

        var (exitCode, _, stderr) = await CliProcess.RunAsync(["merge", session.ManifestPath],
            new Dictionary<string, string?> { ["MERGEBUS__LIMITS__MAX_OUTPUT_BYTES"] = "2000" });

        Assert.Equal(1, exitCode);
        Assert.Contains("mergebus.limits.max_output_bytes = 2000 bytes", stderr);
        Assert.Equal("failed", (string?)session.ReadManifest()["room_mix"]?["status"]);
        Assert.Equal(before, session.MixOutputs());
    }

    [Fact]
    public async Task A_misspelt_limit_in_the_environment_is_a_usage_error_that_names_it_before_anything_is_read()
    {
        using var session = await SessionFolder.CreateAsync(new() { ParticipantCount = 2, DurationSeconds = 5, Dtx = false });
        var manifest = session.ReadManifest().ToJsonString();

        var (exitCode, _, stderr) = await CliProcess.RunAsync(["merge", session.ManifestPath],
            new Dictionary<string, string?> { ["MERGEBUS__LIMITS__MAX_OUTPUT_BYTE"] = "2000" });

        Assert.Equal(2, exitCode);
        Assert.Contains("mergebus.limits.max_output_byte", stderr);
        Assert.Equal(manifest, session.ReadManifest().ToJsonString());
    }
}
