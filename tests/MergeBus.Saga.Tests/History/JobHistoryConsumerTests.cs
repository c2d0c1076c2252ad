using MassTransit;
using MergeBus.Contracts;
using MergeBus.Ingest.Components.History;
using MergeBus.Testing.Bus;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Saga.Tests.History;

/// <summary>JobHistoryConsumer and its definition on the bus test harness: the saga's and steps' events in, history out.</summary>
public sealed class JobHistoryConsumerTests
{
    private static readonly InputsFetched Fetched = new()
    {
        JobId = "job-1",
        Attempt = 1,
        Try = 2,
        WorkerId = "fetcher-1",
        Transfer = new TransferCounts { BytesDownloaded = 1234 },
        Plan = StepMessages.Plan("room/s1/manifest.json"),
    };

    private static async Task<(ConsumerTestBus Test, ConsumeCounter<T> Consumed)> Start<T>(RecordingHistoryRecorder recorder) where T : class
    {
        var test = await ConsumerTestBus.StartAsync(
            services => services.AddSingleton<IJobHistoryRecorder>(recorder),
            bus => bus.AddConsumer<JobHistoryConsumer, JobHistoryConsumerDefinition>());
        return (test, test.CountConsumed<T>());
    }

    [Fact]
    public async Task Fetched_inputs_are_recorded_as_the_fetch_succeeding_and_what_was_read_under_the_try_s_key()
    {
        var recorder = new RecordingHistoryRecorder();
        var (test, consumed) = await Start<InputsFetched>(recorder);
        await using var _ = test;

        await test.Publish(Fetched);
        await consumed.Reached(1);

        var (jobId, key, events) = Assert.Single(recorder.Recorded);
        Assert.Equal(("job-1", "succeeded:fetch:try-2"), (jobId, key));
        var succeeded = Assert.IsType<StepSucceeded>(events[0]);
        Assert.Equal(("fetch", 1, 2, "fetcher-1", 1234L), (succeeded.Step, succeeded.Attempt, succeeded.Try, succeeded.WorkerId, succeeded.BytesDownloaded));
        var read = Assert.IsType<InputsRead>(events[1]);
        Assert.Equal(("room", 96_000L), (read.Room, read.TimelineSamples));
    }

    [Fact]
    public async Task A_permanent_step_failure_is_recorded_as_permanent_with_its_reason()
    {
        var recorder = new RecordingHistoryRecorder();
        var (test, consumed) = await Start<MergeStepFailed>(recorder);
        await using var _ = test;

        await test.Publish(new MergeStepFailed { JobId = "job-2", Attempt = 1, Try = 1, Step = "mix", Reason = "bob.ogg: bad CRC", Permanent = true });
        await consumed.Reached(1);

        var (_, key, events) = Assert.Single(recorder.Recorded);
        Assert.Equal("failed:mix:try-1", key);
        var failed = Assert.IsType<StepFailed>(Assert.Single(events));
        Assert.Equal(("mix", "bob.ogg: bad CRC", true), (failed.Step, failed.Reason, failed.Permanent));
    }

    [Fact]
    public async Task An_event_delivered_twice_reaches_the_recorder_twice_under_the_same_dedupe_key()
    {
        var recorder = new RecordingHistoryRecorder();
        var (test, consumed) = await Start<InputsFetched>(recorder);
        await using var _ = test;

        await test.Redeliver(Fetched);
        await consumed.Reached(2);

        // The recorder appends once per key, so the second delivery adds nothing to the job's history.
        Assert.Equal(["succeeded:fetch:try-2", "succeeded:fetch:try-2"], recorder.Recorded.Select(r => r.DedupeKey));
    }

    [Fact]
    public async Task An_error_that_is_not_a_database_outage_is_not_retried_and_faults_the_event()
    {
        var recorder = new RecordingHistoryRecorder(_ => throw new InvalidOperationException("event type not registered"));
        var (test, _) = await Start<InputsFetched>(recorder);
        await using var __ = test;

        await test.Publish(Fetched);

        Assert.Single(await test.PublishedOnceQuiet<Fault<InputsFetched>>());
        Assert.Equal(1, recorder.Calls);
        Assert.Empty(recorder.Recorded);
    }

    [Fact]
    public async Task A_database_outage_is_retried_until_the_event_is_recorded()
    {
        var recorder = new RecordingHistoryRecorder(call => { if (call == 1) throw new TimeoutException("PostgreSQL did not answer"); });
        var (test, consumed) = await Start<InputsFetched>(recorder);
        await using var _ = test;

        await test.Publish(Fetched);
        await consumed.Reached(1);

        Assert.Equal(2, recorder.Calls);
        Assert.Equal("succeeded:fetch:try-2", Assert.Single(recorder.Recorded).DedupeKey);
    }
}
