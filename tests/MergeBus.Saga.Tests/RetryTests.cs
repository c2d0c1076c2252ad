using MergeBus.Contracts;
using static MergeBus.Saga.Tests.Journeys;
using static MergeBus.Saga.Tests.SagaTestContext;

namespace MergeBus.Saga.Tests;

/// <summary>Defects 2 and 5: a retry starts from the failed step with the job's key still there.</summary>
public class RetryTests
{
    [Fact]
    public async Task A_dead_lettered_job_keeps_its_own_master_key_and_a_completed_retry_releases_it()
    {
        await using var test = await StartAsync();
        var key = new byte[32];
        key[0] = 7;
        await test.Vault.StoreAsync("k-1", key, TimeSpan.FromDays(8));
        await test.Publish(Job("k-1"));
        await test.WaitForState("k-1", m => m.Fetching);
        for (var @try = 1; @try <= 3; @try++)
        {
            Assert.True(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "k-1" && x.Context.Message.Try == @try));
            await test.Publish(new MergeStepFailed { JobId = "k-1", Attempt = @try, Try = @try, Step = "fetch", Reason = "storage down" });
        }
        await test.WaitForState("k-1", m => m.DeadLettered);
        await test.Harness.InactivityTask;
        Assert.Equal(key, await test.Vault.GetAsync("k-1"));

        await test.Publish(new RetryMergeJob { JobId = "k-1" });
        await test.WaitForState("k-1", m => m.Fetching);
        await test.Publish(Fetched("k-1", @try: 4));
        await test.WaitForState("k-1", m => m.Mixing);
        await test.Publish(Mixed("k-1", @try: 5));
        await test.WaitForState("k-1", m => m.Publishing);
        await test.Publish(Published("k-1", @try: 6));
        await test.WaitForState("k-1", m => m.Completed);

        // The key is released by an activity after the transition: give it a moment.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await test.Vault.GetAsync("k-1") is not null && clock.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(20);
        Assert.Null(await test.Vault.GetAsync("k-1"));
    }

    [Fact]
    public async Task A_retry_after_a_failed_publish_publishes_the_kept_staged_mix_without_fetching_or_mixing_again()
    {
        await using var test = await StartAsync();
        await MergeJobStateMachineTests.DriveToPublishing(test, "p-1");
        for (var @try = 3; @try <= 5; @try++)
        {
            Assert.True(await test.Harness.Sent.Any<PublishMix>(x => x.Context.Message.JobId == "p-1" && x.Context.Message.Try == @try));
            await test.Publish(new MergeStepFailed { JobId = "p-1", Attempt = @try - 2, Try = @try, Step = "publish", Reason = "manifest locked" });
        }
        await test.WaitForState("p-1", m => m.DeadLettered);
        Assert.True(await test.Harness.Sent.Any<RecordMergeFailure>(x => x.Context.Message.JobId == "p-1" && x.Context.Message.StagingPrefix == ""));

        await test.Publish(new RetryMergeJob { JobId = "p-1" });

        var saga = await test.WaitForState("p-1", m => m.Publishing);
        Assert.NotNull(saga);
        Assert.True(await test.Harness.Sent.Any<PublishMix>(x => x.Context.Message.JobId == "p-1" && x.Context.Message.Try == 6
            && x.Context.Message.Artifacts.Single().StagingKey == Staged("p-1").StagingKey));
        Assert.Single(test.Harness.Sent.Select<FetchInputs>(), x => x.Context.Message.JobId == "p-1");
        Assert.Single(test.Harness.Sent.Select<MixTracks>(), x => x.Context.Message.JobId == "p-1");
        Assert.Contains("retried by support from publish", saga!.Notes);
    }

    [Fact]
    public async Task A_retry_after_a_failed_mix_mixes_again_from_the_kept_plan()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("p-2"));
        await test.WaitForState("p-2", m => m.Fetching);
        await test.Publish(Fetched("p-2"));
        await test.WaitForState("p-2", m => m.Mixing);
        await test.Publish(new MergeStepFailed { JobId = "p-2", Attempt = 1, Try = 2, Step = "mix", Reason = "bad packet", Permanent = true });
        await test.WaitForState("p-2", m => m.DeadLettered);

        await test.Publish(new RetryMergeJob { JobId = "p-2" });

        Assert.NotNull(await test.WaitForState("p-2", m => m.Mixing));
        Assert.True(await test.Harness.Sent.Any<MixTracks>(x => x.Context.Message.JobId == "p-2" && x.Context.Message.Try == 3));
        Assert.Single(test.Harness.Sent.Select<FetchInputs>(), x => x.Context.Message.JobId == "p-2");
    }

    [Fact]
    public async Task A_publish_whose_staged_mix_is_gone_starts_the_job_again_from_fetch_and_says_so()
    {
        await using var test = await StartAsync();
        await MergeJobStateMachineTests.DriveToPublishing(test, "p-3");

        await test.Publish(new MergeStepFailed
        {
            JobId = "p-3", Attempt = 1, Try = 3, Step = "publish", Reason = "staged mix is missing: x", Permanent = true, EarlierWorkGone = true,
        });

        var saga = await test.WaitForState("p-3", m => m.Fetching);
        Assert.NotNull(saga);
        Assert.True(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "p-3" && x.Context.Message.Try == 4));
        Assert.Equal(0, saga!.FailedAttempts);
        Assert.Contains(saga.Notes, n => n.StartsWith("started again from fetch: staged mix is missing", StringComparison.Ordinal));
    }
}
