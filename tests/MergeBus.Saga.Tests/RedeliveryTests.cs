using MergeBus.Contracts;
using static MergeBus.Saga.Tests.Journeys;
using static MergeBus.Saga.Tests.SagaTestContext;

namespace MergeBus.Saga.Tests;

/// <summary>Defect 1 and 6: every message can arrive twice; a repeat never faults, a redelivered trigger resends.</summary>
public class RedeliveryTests
{
    [Fact]
    public async Task Each_reply_arriving_again_in_every_later_state_is_ignored_without_a_fault()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("r-1"));
        await test.WaitForState("r-1", m => m.Fetching);
        await test.Publish(Fetched("r-1"));
        await test.WaitForState("r-1", m => m.Mixing);
        await test.Publish(Fetched("r-1"));
        await test.Publish(Mixed("r-1"));
        await test.WaitForState("r-1", m => m.Publishing);
        await test.Publish(Fetched("r-1"));
        await test.Publish(Mixed("r-1"));
        await test.Publish(Published("r-1"));
        await test.WaitForState("r-1", m => m.Completed);
        await test.Publish(Fetched("r-1"));
        await test.Publish(Mixed("r-1"));
        await test.Publish(Published("r-1"));
        await test.Publish(new MixProgressed { JobId = "r-1", Attempt = 1, Try = 2, Fraction = 0.5 });

        Assert.False(await AnyFault(test));
        var saga = await test.WaitForState("r-1", m => m.Completed);
        Assert.Equal(3, saga!.Try);
        Assert.Single(test.Harness.Sent.Select<PublishMix>());
    }

    [Fact]
    public async Task Failures_arriving_after_the_job_was_dead_lettered_are_ignored_without_a_fault()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("r-2"));
        await test.WaitForState("r-2", m => m.Fetching);
        var failed = new MergeStepFailed { JobId = "r-2", Attempt = 1, Try = 1, Step = "fetch", Reason = "bad", Permanent = true };
        await test.Publish(failed);
        await test.WaitForState("r-2", m => m.DeadLettered);

        await test.Publish(failed);
        await test.Publish(FaultOf(new FetchInputs { JobId = "r-2", Attempt = 1, Try = 1, ManifestPath = "m" }));
        await test.Publish(FaultOf(new MixTracks { JobId = "r-2", Attempt = 1, Try = 1, Plan = Plan("r-2"), StagingPrefix = "s" }));
        await test.Publish(FaultOf(new PublishMix { JobId = "r-2", Attempt = 1, Try = 1, ManifestPath = "m", Artifacts = [], Channels = [], Layout = "mix" }));
        await test.Publish(Fetched("r-2"));

        Assert.False(await AnyFault(test));
        Assert.NotNull(await test.WaitForState("r-2", m => m.DeadLettered));
        Assert.Single(test.Harness.Sent.Select<RecordMergeFailure>());
    }

    [Fact]
    public async Task A_failure_record_arriving_after_a_retry_started_is_ignored_without_a_fault()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("r-3"));
        await test.WaitForState("r-3", m => m.Fetching);
        await test.Publish(new MergeStepFailed { JobId = "r-3", Attempt = 1, Try = 1, Step = "fetch", Reason = "gone", Permanent = true });
        await test.WaitForState("r-3", m => m.DeadLettered);
        await test.Publish(new RetryMergeJob { JobId = "r-3" });
        await test.WaitForState("r-3", m => m.Fetching);

        await test.Publish(new MergeFailureRecorded { JobId = "r-3" });

        Assert.False(await AnyFault(test));
        Assert.NotNull(await test.WaitForState("r-3", m => m.Fetching));
    }

    [Fact]
    public async Task A_redelivered_submit_while_fetching_sends_fetch_inputs_again_for_the_same_try()
    {
        await using var test = await StartAsync();
        var messageId = Guid.NewGuid();
        await test.Publish(Job("r-4"), messageId);
        await test.WaitForState("r-4", m => m.Fetching);

        await test.Publish(Job("r-4"), messageId);

        Assert.False(await AnyFault(test));
        var fetches = test.Harness.Sent.Select<FetchInputs>().Where(x => x.Context.Message.JobId == "r-4").ToList();
        Assert.Equal(2, fetches.Count);
        Assert.All(fetches, f => Assert.Equal(1, f.Context.Message.Try));
    }

    [Fact]
    public async Task A_redelivered_tracks_mixed_while_publishing_sends_publish_mix_again_instead_of_faulting()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("r-5"));
        await test.WaitForState("r-5", m => m.Fetching);
        await test.Publish(Fetched("r-5"));
        await test.WaitForState("r-5", m => m.Mixing);
        var messageId = Guid.NewGuid();
        await test.Publish(Mixed("r-5"), messageId);
        await test.WaitForState("r-5", m => m.Publishing);

        await test.Publish(Mixed("r-5"), messageId);

        Assert.False(await AnyFault(test));
        var publishes = test.Harness.Sent.Select<PublishMix>().Where(x => x.Context.Message.JobId == "r-5").ToList();
        Assert.Equal(2, publishes.Count);
        Assert.All(publishes, p => Assert.Equal(3, p.Context.Message.Try));
    }

    [Fact]
    public async Task A_redelivered_mix_published_after_completion_announces_the_completion_again()
    {
        await using var test = await StartAsync();
        await MergeJobStateMachineTests.DriveToPublishing(test, "r-6");
        var messageId = Guid.NewGuid();
        await test.Publish(Published("r-6"), messageId);
        await test.WaitForState("r-6", m => m.Completed);

        await test.Publish(Published("r-6"), messageId);

        Assert.False(await AnyFault(test));
        Assert.Equal(2, test.Harness.Published.Select<MergeJobCompleted>().Count(x => x.Context.Message.JobId == "r-6"));
    }

    [Fact]
    public async Task A_resume_request_for_the_current_try_sends_the_step_command_again()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("r-7"));
        await test.WaitForState("r-7", m => m.Fetching);
        await test.Publish(Fetched("r-7"));
        await test.WaitForState("r-7", m => m.Mixing);

        await test.Publish(new ResumeMergeJob { JobId = "r-7", Try = 2 });

        Assert.False(await AnyFault(test));
        Assert.Equal(2, test.Harness.Sent.Select<MixTracks>().Count(x => x.Context.Message.JobId == "r-7" && x.Context.Message.Try == 2));
    }

    [Fact]
    public async Task A_resume_request_for_an_older_try_sends_nothing()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("r-8"));
        await test.WaitForState("r-8", m => m.Fetching);
        await test.Publish(Fetched("r-8"));
        await test.WaitForState("r-8", m => m.Mixing);

        await test.Publish(new ResumeMergeJob { JobId = "r-8", Try = 1 });

        Assert.False(await AnyFault(test));
        Assert.DoesNotContain(test.Harness.Sent.Select<FetchInputs>(), x => x.Context.Message.JobId == "r-8" && x.Context.Message.Try == 2);
        Assert.Single(test.Harness.Sent.Select<MixTracks>(), x => x.Context.Message.JobId == "r-8");
    }

    [Fact]
    public async Task Mix_progress_of_the_current_try_is_a_heartbeat_for_the_stalled_job_sweeper()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("r-9"));
        await test.WaitForState("r-9", m => m.Fetching);
        await test.Publish(Fetched("r-9"));
        var before = (await test.WaitForState("r-9", m => m.Mixing))!.LastProgressAt;
        await Task.Delay(50);

        await test.Publish(new MixProgressed { JobId = "r-9", Attempt = 1, Try = 2, Fraction = 0.25 });
        await test.Harness.InactivityTask;

        Assert.True((await test.WaitForState("r-9", m => m.Mixing))!.LastProgressAt > before);
    }
}
