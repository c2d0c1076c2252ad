using MassTransit;
using MassTransit.Testing;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Steps;
using static MergeBus.Saga.Tests.SagaTestContext;

namespace MergeBus.Saga.Tests;

public partial class MergeJobStateMachineTests
{
    [Fact]
    public async Task A_submitted_job_starts_fetching_and_asks_for_its_inputs()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-1"));

        var saga = await test.WaitForState("job-1", m => m.Fetching);
        Assert.NotNull(saga);
        Assert.True(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "job-1" && x.Context.Message.Attempt == 1));
        Assert.Equal("running", (await test.Status.GetAsync("job-1"))!.Status);
    }

    [Fact]
    public async Task Fetched_inputs_move_the_job_to_mixing_with_the_plan()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-2"));
        await test.WaitForState("job-2", m => m.Fetching);

        await test.Publish(new InputsFetched { JobId = "job-2", Attempt = 1, Try = 1, Plan = Plan("job-2") });

        var saga = await test.WaitForState("job-2", m => m.Mixing);
        Assert.NotNull(saga);
        Assert.True(await test.Harness.Sent.Any<MixTracks>(x =>
            x.Context.Message.Try == 2 && x.Context.Message.StagingPrefix == "staging/job-2/try-2"));
    }

    [Fact]
    public async Task A_published_mix_completes_the_job_and_announces_it()
    {
        await using var test = await StartAsync();
        await DriveToPublishing(test, "job-3");

        await test.Publish(new MixPublished
        {
            JobId = "job-3",
            Attempt = 1,
            Try = 3,
            Artifacts = [new PublishedArtifact { Format = "ogg_opus", StorageUri = "room_mix_room.ogg", Sha256 = new string('a', 64) }],
        });

        Assert.NotNull(await test.WaitForState("job-3", m => m.Completed));
        Assert.True(await test.Harness.Published.Any<MergeJobCompleted>(x => x.Context.Message.JobId == "job-3"));
        var status = await test.Status.GetAsync("job-3");
        Assert.Equal("completed", status!.Status);
        Assert.True(status.CompletedAt > 0);
    }

    [Fact]
    public async Task A_transient_failure_retries_the_same_step_as_a_new_attempt()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-4"));
        await test.WaitForState("job-4", m => m.Fetching);

        await test.Publish(new MergeStepFailed { JobId = "job-4", Attempt = 1, Try = 1, Step = "fetch", Reason = "storage timed out" });

        Assert.True(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "job-4" && x.Context.Message.Try == 2
            && x.Context.Message.Attempt == 2));
        var saga = await test.WaitForState("job-4", m => m.Fetching);
        Assert.Equal(1, saga!.FailedAttempts);
        Assert.Equal(1, (await test.Status.GetAsync("job-4"))!.Retries);
    }

    [Fact]
    public async Task A_job_that_fails_three_times_is_dead_lettered_with_every_error_kept()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-5"));
        await test.WaitForState("job-5", m => m.Fetching);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.True(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "job-5" && x.Context.Message.Try == attempt));
            await test.Publish(new MergeStepFailed { JobId = "job-5", Attempt = attempt, Try = attempt, Step = "fetch", Reason = $"boom {attempt}" });
        }

        var saga = await test.WaitForState("job-5", m => m.DeadLettered);
        Assert.NotNull(saga);
        Assert.Equal(3, saga!.Errors.Count);
        Assert.True(await test.Harness.Sent.Any<RecordMergeFailure>(x => x.Context.Message.Reason == "fetch: boom 3"));
        Assert.False(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "job-5" && x.Context.Message.Try == 4));
        var status = await test.Status.GetAsync("job-5");
        Assert.Equal(("failed", 3), (status!.Status, status.Retries));
    }

    [Fact]
    public async Task A_dead_lettered_job_is_announced_as_it_is_dead_lettered_without_waiting_for_the_publisher()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-6"));
        await test.WaitForState("job-6", m => m.Fetching);
        await test.Publish(new MergeStepFailed { JobId = "job-6", Attempt = 1, Try = 1, Step = "fetch", Reason = "sha256 mismatch", Permanent = true });
        await test.WaitForState("job-6", m => m.DeadLettered);

        // No MergeFailureRecorded: nobody consumes RecordMergeFailure in this harness.
        Assert.True(await test.Harness.Published.Any<MergeJobDeadLettered>(x =>
            x.Context.Message.JobId == "job-6" && x.Context.Message.Reason == "fetch: sha256 mismatch"
            && x.Context.Message.Step == "fetch" && x.Context.Message.Permanent && x.Context.Message.Attempts == 1));
        await test.Publish(new MergeFailureRecorded { JobId = "job-6" });
        await test.Harness.InactivityTask;
        Assert.Equal(1, test.Harness.Published.Select<MergeJobDeadLettered>().Count(x => x.Context.Message.JobId == "job-6"));
    }

    [Fact]
    public async Task A_submitted_job_announces_its_start_with_its_source()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-started"));
        await test.WaitForState("job-started", m => m.Fetching);

        Assert.True(await test.Harness.Published.Any<MergeJobStarted>(x =>
            x.Context.Message.JobId == "job-started" && x.Context.Message.ManifestPath.Length > 0 && x.Context.Message.Timestamp > DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task A_completed_job_announces_room_channels_step_durations_and_failed_attempts()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-rich"));
        await test.WaitForState("job-rich", m => m.Fetching);
        await test.Publish(new MergeStepFailed { JobId = "job-rich", Attempt = 1, Try = 1, Step = "fetch", Reason = "storage timed out" });
        await test.Publish(new InputsFetched { JobId = "job-rich", Attempt = 2, Try = 2, Plan = Plan("job-rich") });
        await test.WaitForState("job-rich", m => m.Mixing);
        await test.Publish(new TracksMixed
        {
            JobId = "job-rich", Attempt = 2, Try = 3, Artifacts = [],
            Channels = [new ChannelAssignment { Channel = 0, ParticipantIds = ["PA_1"] }],
        });
        await test.WaitForState("job-rich", m => m.Publishing);
        await test.Publish(new MixPublished
        {
            JobId = "job-rich", Attempt = 2, Try = 4,
            Artifacts = [new PublishedArtifact { Format = "ogg_opus", StorageUri = "room_mix_room.ogg", Sha256 = new string('a', 64) }],
        });
        await test.WaitForState("job-rich", m => m.Completed);

        var completed = test.Harness.Published.Select<MergeJobCompleted>().Single(x => x.Context.Message.JobId == "job-rich").Context.Message;
        Assert.Equal(1, completed.FailedAttempts);
        // One failed attempt, then the one that worked.
        Assert.Equal(2, completed.Attempts);
        Assert.Equal(Plan("job-rich").RoomName, completed.RoomName);
        Assert.Equal(["PA_1"], completed.Channels.Single().ParticipantIds);
        Assert.Equal(["fetch", "mix", "publish"], completed.StepDurationsMs.Keys.Order());
        Assert.All(completed.StepDurationsMs.Values, ms => Assert.InRange(ms, 0, 60_000));
    }

    [Fact]
    public async Task A_retried_dead_letter_announces_the_retry_and_its_first_step()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-retried"));
        await test.WaitForState("job-retried", m => m.Fetching);
        await test.Publish(new MergeStepFailed { JobId = "job-retried", Attempt = 1, Try = 1, Step = "fetch", Reason = "bad", Permanent = true });
        await test.WaitForState("job-retried", m => m.DeadLettered);

        await test.Publish(new RetryMergeJob { JobId = "job-retried" });

        Assert.True(await test.Harness.Published.Any<MergeJobRetried>(x =>
            x.Context.Message.JobId == "job-retried" && x.Context.Message.FromStep == "fetch"));
    }

    [Fact]
    public async Task A_permanent_input_error_dead_letters_at_once()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-7"));
        await test.WaitForState("job-7", m => m.Fetching);

        await test.Publish(new MergeStepFailed { JobId = "job-7", Attempt = 1, Try = 1, Step = "fetch", Reason = "manifest is not valid JSON", Permanent = true });

        var saga = await test.WaitForState("job-7", m => m.DeadLettered);
        Assert.Equal(1, saga!.FailedAttempts);
        Assert.False(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "job-7" && x.Context.Message.Try == 2));
    }

    [Fact]
    public async Task A_step_that_keeps_faulting_is_tried_three_times_then_dead_lettered()
    {
        await using var test = await StartAsync(bus => bus.AddConsumer<FaultingMixer>().Endpoint(e => e.Name = StepEndpoints.MixTracks));
        await test.Publish(Job("job-8"));
        await test.WaitForState("job-8", m => m.Fetching);

        await test.Publish(new InputsFetched { JobId = "job-8", Attempt = 1, Try = 1, Plan = Plan("job-8") });

        var saga = await test.WaitForState("job-8", m => m.DeadLettered);
        Assert.NotNull(saga);
        Assert.Equal(3, saga!.Errors.Count);
        Assert.All(saga.Errors, e => Assert.Contains("mix: InvalidOperationException: ffmpeg was killed", e));
        Assert.Equal(3, test.Harness.Published.Select<Fault<MixTracks>>().Count());
    }

    [Fact]
    public async Task A_late_reply_from_an_older_attempt_is_ignored()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-9"));
        await test.WaitForState("job-9", m => m.Fetching);
        await test.Publish(new MergeStepFailed { JobId = "job-9", Attempt = 1, Try = 1, Step = "fetch", Reason = "timeout" });
        Assert.True(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "job-9" && x.Context.Message.Try == 2));

        await test.Publish(new InputsFetched { JobId = "job-9", Attempt = 1, Try = 1, Plan = Plan("job-9") });
        await test.Harness.InactivityTask;

        var saga = await test.WaitForState("job-9", m => m.Fetching);
        Assert.NotNull(saga);
        Assert.False(await test.Harness.Sent.Any<MixTracks>(x => x.Context.Message.JobId == "job-9"));
    }

    [Fact]
    public async Task Submitting_the_same_job_twice_gives_one_saga_and_one_fetch()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-10"));
        await test.WaitForState("job-10", m => m.Fetching);

        await test.Publish(Job("job-10"));
        await test.Harness.InactivityTask;

        Assert.Single(test.Saga.Sagas.Select(x => x.CorrelationId == JobCorrelationOf("job-10")));
        Assert.Equal(1, test.Harness.Sent.Select<FetchInputs>().Count(x => x.Context.Message.JobId == "job-10"));
    }

    [Fact]
    public async Task Support_can_retry_a_dead_lettered_job_from_the_start()
    {
        await using var test = await StartAsync();
        await test.Publish(Job("job-11"));
        await test.WaitForState("job-11", m => m.Fetching);
        await test.Publish(new MergeStepFailed { JobId = "job-11", Attempt = 1, Try = 1, Step = "fetch", Reason = "missing file", Permanent = true });
        await test.WaitForState("job-11", m => m.DeadLettered);

        await test.Publish(new RetryMergeJob { JobId = "job-11" });

        var saga = await test.WaitForState("job-11", m => m.Fetching);
        Assert.NotNull(saga);
        Assert.Equal(0, saga!.FailedAttempts);
        Assert.True(await test.Harness.Sent.Any<FetchInputs>(x => x.Context.Message.JobId == "job-11" && x.Context.Message.Try == 2));
    }

    private static Guid JobCorrelationOf(string jobId) => MergeBus.Protocol.Jobs.JobCorrelation.FromJobId(jobId);

    internal static async Task DriveToPublishing(SagaTestContext test, string jobId)
    {
        await test.Publish(Job(jobId));
        await test.WaitForState(jobId, m => m.Fetching);
        await test.Publish(new InputsFetched { JobId = jobId, Attempt = 1, Try = 1, Plan = Plan(jobId) });
        await test.WaitForState(jobId, m => m.Mixing);
        await test.Publish(new TracksMixed { JobId = jobId, Attempt = 1, Try = 2, Artifacts = [Staged(jobId)], Channels = [] });
        Assert.NotNull(await test.WaitForState(jobId, m => m.Publishing));
    }

    /// <summary>Fault injection: a Mixer whose ffmpeg always dies.</summary>
    public sealed class FaultingMixer : IConsumer<MixTracks>
    {
        public Task Consume(ConsumeContext<MixTracks> context) =>
            throw new InvalidOperationException("ffmpeg was killed");
    }
}
