using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol;
using MergeBus.Publisher.Components.Consumers;
using MergeBus.Publisher.Tests.Support;
using MergeBus.Testing.Bus;

namespace MergeBus.Publisher.Tests.Consumers;

/// <summary>RecordMergeFailureConsumer and its definition on the bus test harness.</summary>
public sealed class RecordMergeFailureConsumerTests
{
    private static readonly RecordMergeFailure Command = PublisherCommands.RecordFailure;

    private static Task<ConsumerTestBus> Start(ScriptedMixPublisher publisher) =>
        PublisherTestBus.Start<RecordMergeFailureConsumer, RecordMergeFailureConsumerDefinition>(publisher);

    [Fact]
    public async Task A_failed_job_is_recorded_once_and_acknowledged_to_the_saga()
    {
        var publisher = new ScriptedMixPublisher();
        await using var test = await Start(publisher);

        await test.Publish(Command);

        var recorded = Assert.Single(await test.PublishedOnceQuiet<MergeFailureRecorded>());
        Assert.Equal(Command.JobId, recorded.JobId);
        Assert.Equal(1, publisher.RecordCalls);
    }

    [Fact]
    public async Task A_failure_that_cannot_be_recorded_is_retried_and_faults_without_an_acknowledgement()
    {
        // The job has failed already: recording it has no "bad input" answer, so any error is retried, then faults (the saga hears of it as FailureRecordFaulted).
        var publisher = new ScriptedMixPublisher(record: _ => throw new PermanentMergeException("manifest.json is not JSON"));
        await using var test = await Start(publisher);

        await test.Publish(Command);

        var fault = Assert.Single(await test.PublishedOnceQuiet<Fault<RecordMergeFailure>>());
        Assert.Equal(Command.JobId, fault.Message.JobId);
        Assert.Equal(ConsumerTestBus.Retry.RetryCount + 1, publisher.RecordCalls);
        Assert.Empty(await test.PublishedOnceQuiet<MergeFailureRecorded>());
    }

    [Fact]
    public async Task A_failure_record_delivered_twice_is_recorded_and_acknowledged_each_time()
    {
        var publisher = new ScriptedMixPublisher();
        await using var test = await Start(publisher);

        await test.Redeliver(Command);

        Assert.Equal(2, (await test.PublishedOnceQuiet<MergeFailureRecorded>()).Count);
        Assert.Equal(2, publisher.RecordCalls);
    }
}
