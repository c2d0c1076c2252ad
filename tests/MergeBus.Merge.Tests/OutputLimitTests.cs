using MergeBus.Protocol.Manifests;

namespace MergeBus.Merge.Tests;

/// <summary>
/// Issue 19's limits on what a job may write and how long it may hold a Mixer: a job over one fails with the
/// limit's setting and value, publishes nothing and leaves its inputs as they were.
/// </summary>
public class OutputLimitTests
{
    [Fact]
    public async Task A_mix_larger_than_the_output_bytes_limit_fails_naming_the_limit_and_publishes_nothing()
    {
        using var session = await SessionFolder.CreateAsync();
        var before = session.Snapshot();

        var result = await session.MergeAsync(limits: new MergeLimits { MaxOutputBytes = 2000 });

        AssertFailedCleanly(session, before, result, "more than the limit mergebus.limits.max_output_bytes = 2000 bytes");
    }

    [Fact]
    public async Task A_wav_mix_that_cannot_fit_the_output_bytes_limit_fails_naming_its_size()
    {
        using var session = await SessionFolder.CreateAsync();
        var before = session.Snapshot();

        var result = await session.MergeAsync(formats: ["wav_pcm"], limits: new MergeLimits { MaxOutputBytes = 100_000 });

        AssertFailedCleanly(session, before, result, "the wav_pcm mix would be");
        Assert.Contains("mergebus.limits.max_output_bytes = 100000 bytes", result.Outcome.Reason);
    }

    [Fact]
    public async Task A_mix_that_outlasts_its_wall_time_limit_fails_naming_the_limit()
    {
        using var session = await SessionFolder.CreateAsync();
        var before = session.Snapshot();

        var result = await session.MergeAsync(limits: new MergeLimits { MinJobTime = TimeSpan.FromMilliseconds(1), JobTimePerSessionSecond = 0 });

        AssertFailedCleanly(session, before, result, "the mix took longer than its wall time limit");
        Assert.Contains("mergebus.limits.min_job_time", result.Outcome.Reason);
    }

    [Fact]
    public void A_jobs_wall_time_is_its_floor_or_its_sessions_length_times_the_factor_whichever_is_longer()
    {
        var limits = new MergeLimits { MinJobTime = TimeSpan.FromMinutes(10), JobTimePerSessionSecond = 2 };

        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromHours(2)), (limits.JobTimeFor(60), limits.JobTimeFor(3600)));
    }

    private static void AssertFailedCleanly(SessionFolder session, IReadOnlyDictionary<string, string> before,
        Cli.Local.LocalMergeResult result, string reason)
    {
        Assert.False(result.Outcome.Succeeded);
        Assert.Contains(reason, result.Outcome.Reason);
        Assert.Equal("failed", session.ReadManifest()["room_mix"]!["status"]!.GetValue<string>());
        Assert.Empty(session.MixOutputs());
        Assert.Equal(before.Where(f => f.Key != "manifest.json"), session.Snapshot().Where(f => f.Key != "manifest.json"));
    }
}
