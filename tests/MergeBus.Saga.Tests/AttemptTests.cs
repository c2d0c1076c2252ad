using MergeBus.Contracts;
using static MergeBus.Saga.Tests.Journeys;
using static MergeBus.Saga.Tests.SagaTestContext;

namespace MergeBus.Saga.Tests;

/// <summary>Defect 3: a try number guards against stale replies; attempts count failures. Each says which.</summary>
public class AttemptTests
{
    [Fact]
    public async Task A_job_that_never_failed_reports_one_attempt_in_its_event_status_and_commands()
    {
        await using var test = await StartAsync();

        await ToCompleted(test, "a-1");

        var completed = test.Harness.Published.Select<MergeJobCompleted>().Single(x => x.Context.Message.JobId == "a-1").Context.Message;
        Assert.Equal(1, completed.Attempts);
        Assert.Equal(0, (await test.Status.GetAsync("a-1"))!.Retries);
        Assert.All(test.Harness.Sent.Select<FetchInputs>(), x => Assert.Equal(1, x.Context.Message.Attempt));
        var mix = test.Harness.Sent.Select<MixTracks>().Single().Context.Message;
        Assert.Equal((1, 2), (mix.Attempt, mix.Try));
        Assert.Equal("staging/a-1/try-2", mix.StagingPrefix);
        Assert.All(test.Harness.Published.Select<MergeJobStepStarted>(), x => Assert.Equal(1, x.Context.Message.Attempt));
    }

    [Fact]
    public async Task A_failed_try_makes_the_next_one_attempt_two_and_the_status_key_counts_one_retry()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("a-2"));
        await test.WaitForState("a-2", m => m.Fetching);
        await test.Publish(Fetched("a-2"));
        await test.WaitForState("a-2", m => m.Mixing);

        await test.Publish(new MergeStepFailed { JobId = "a-2", Attempt = 1, Try = 2, Step = "mix", Reason = "ffmpeg died" });

        Assert.True(await test.Harness.Sent.Any<MixTracks>(x => x.Context.Message.Try == 3));
        var retry = test.Harness.Sent.Select<MixTracks>().Single(x => x.Context.Message.Try == 3).Context.Message;
        Assert.Equal(2, retry.Attempt);
        Assert.Equal("staging/a-2/try-3", retry.StagingPrefix);
        Assert.Equal(1, (await test.Status.GetAsync("a-2"))!.Retries);
        Assert.Equal("attempt 1 mix: ffmpeg died", Assert.Single((await test.WaitForState("a-2", m => m.Mixing))!.Errors));
    }
}
