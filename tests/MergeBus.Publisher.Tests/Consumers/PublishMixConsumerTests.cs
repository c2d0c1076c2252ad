using MassTransit;
using MergeBus.Contracts;
using MergeBus.Protocol;
using MergeBus.Publisher.Components.Consumers;
using MergeBus.Publisher.Tests.Support;
using MergeBus.Steps;
using MergeBus.Testing.Bus;

namespace MergeBus.Publisher.Tests.Consumers;

/// <summary>PublishMixConsumer and its definition on the bus test harness: a command in, the saga's reply out.</summary>
public sealed class PublishMixConsumerTests
{
    private static readonly PublishMix Command = PublisherCommands.Publish;

    private static Task<ConsumerTestBus> Start(ScriptedMixPublisher publisher) =>
        PublisherTestBus.Start<PublishMixConsumer, PublishMixConsumerDefinition>(publisher);

    [Fact]
    public async Task A_published_mix_is_answered_with_its_artifacts_the_transfer_and_the_worker_for_the_same_try()
    {
        var publisher = new ScriptedMixPublisher();
        await using var test = await Start(publisher);

        await test.Publish(Command);

        var reply = Assert.Single(await test.PublishedOnceQuiet<MixPublished>());
        Assert.Equal((Command.JobId, Command.Attempt, Command.Try), (reply.JobId, reply.Attempt, reply.Try));
        var artifact = Assert.Single(reply.Artifacts);
        Assert.Equal("s3://recordings/room/s1/room_mix_room.ogg", artifact.StorageUri);
        Assert.Equal(4096, reply.Transfer.BytesUploaded);
        Assert.Equal(ConsumerTestBus.WorkerId, reply.WorkerId);
        Assert.Empty(await test.PublishedOnceQuiet<MergeStepFailed>());
    }

    [Fact]
    public async Task A_mix_that_cannot_be_published_is_answered_with_a_permanent_publish_failure_and_is_tried_once()
    {
        var publisher = new ScriptedMixPublisher(publish: _ => throw new PermanentMergeException("manifest.json is not JSON"));
        await using var test = await Start(publisher);

        await test.Publish(Command);

        var failure = Assert.Single(await test.PublishedOnceQuiet<MergeStepFailed>());
        StepMessages.AssertPermanentFailure(failure, (Command.JobId, Command.Attempt, Command.Try), MergeSteps.Publish, "manifest.json is not JSON");
        Assert.False(failure.EarlierWorkGone);
        Assert.Equal(1, publisher.PublishCalls);
        Assert.Empty(await test.PublishedOnceQuiet<MixPublished>());
        Assert.Empty(await test.PublishedOnceQuiet<Fault<PublishMix>>());
    }

    [Fact]
    public async Task A_staged_mix_that_is_gone_is_answered_as_earlier_work_gone_so_the_saga_starts_again_from_fetch()
    {
        var publisher = new ScriptedMixPublisher(publish: _ => throw new EarlierWorkGoneException("the staged mix is gone"));
        await using var test = await Start(publisher);

        await test.Publish(Command);

        var failure = Assert.Single(await test.PublishedOnceQuiet<MergeStepFailed>());
        Assert.True(failure.Permanent);
        Assert.True(failure.EarlierWorkGone);
        Assert.Equal("the staged mix is gone", failure.Reason);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_by_the_definition_and_faults_the_command_when_retries_run_out()
    {
        var publisher = new ScriptedMixPublisher(publish: _ => throw new IOException("storage: 503 Slow Down"));
        await using var test = await Start(publisher);

        await test.Publish(Command);

        var fault = Assert.Single(await test.PublishedOnceQuiet<Fault<PublishMix>>());
        Assert.Equal(Command.JobId, fault.Message.JobId);
        Assert.Equal(ConsumerTestBus.Retry.RetryCount + 1, publisher.PublishCalls);
        Assert.Empty(await test.PublishedOnceQuiet<MixPublished>());
        Assert.Empty(await test.PublishedOnceQuiet<MergeStepFailed>());
    }

    [Fact]
    public async Task A_command_delivered_twice_is_published_and_answered_each_time_with_the_same_artifacts()
    {
        var publisher = new ScriptedMixPublisher();
        await using var test = await Start(publisher);

        await test.Redeliver(Command);

        // Publishing the same staged mix again is the publisher's to make harmless; the consumer answers each delivery.
        var replies = await test.PublishedOnceQuiet<MixPublished>();
        Assert.Equal(2, replies.Count);
        Assert.Equal(2, publisher.PublishCalls);
        Assert.Equal(replies[0].Artifacts.Single().StorageUri, replies[1].Artifacts.Single().StorageUri);
        Assert.Empty(await test.PublishedOnceQuiet<MergeStepFailed>());
    }
}
