using MassTransit;
using MergeBus.Contracts;
using MergeBus.Fetcher.Components;
using MergeBus.Fetcher.Components.Consumers;
using MergeBus.Fetcher.Tests.Support;
using MergeBus.Protocol;
using MergeBus.Steps;
using MergeBus.Testing.Bus;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Fetcher.Tests.Consumers;

/// <summary>FetchInputsConsumer and its definition on the bus test harness: a command in, the saga's reply out.</summary>
public sealed class FetchInputsConsumerTests
{
    private static readonly FetchInputs Command = new() { JobId = "job-1", Attempt = 1, Try = 2, ManifestPath = "room/s1/manifest.json" };

    private static Task<ConsumerTestBus> Start(ScriptedInputFetcher fetcher) => ConsumerTestBus.StartAsync(
        services => services.AddSingleton<IInputFetcher>(fetcher),
        bus => bus.AddConsumer<FetchInputsConsumer, FetchInputsConsumerDefinition>());

    [Fact]
    public async Task Fetched_inputs_are_answered_with_the_plan_the_transfer_and_the_worker_for_the_same_try()
    {
        var fetcher = new ScriptedInputFetcher(_ => ScriptedInputFetcher.Fetched(Command.ManifestPath));
        await using var test = await Start(fetcher);

        await test.Publish(Command);

        var reply = Assert.Single(await test.PublishedOnceQuiet<InputsFetched>());
        Assert.Equal((Command.JobId, Command.Attempt, Command.Try), (reply.JobId, reply.Attempt, reply.Try));
        Assert.Equal(96_000, reply.Plan.TimelineSamples);
        Assert.Equal(1234, reply.Transfer.BytesDownloaded);
        Assert.Equal(ConsumerTestBus.WorkerId, reply.WorkerId);
        Assert.Empty(await test.PublishedOnceQuiet<MergeStepFailed>());
    }

    [Fact]
    public async Task Bad_input_is_answered_with_a_permanent_fetch_failure_that_carries_the_reason_and_is_tried_once()
    {
        var fetcher = new ScriptedInputFetcher(_ => throw new PermanentMergeException("alice.ogg: sha256 does not match the manifest"));
        await using var test = await Start(fetcher);

        await test.Publish(Command);

        var failure = Assert.Single(await test.PublishedOnceQuiet<MergeStepFailed>());
        StepMessages.AssertPermanentFailure(failure, (Command.JobId, Command.Attempt, Command.Try), MergeSteps.Fetch, "alice.ogg: sha256 does not match the manifest");
        Assert.False(failure.EarlierWorkGone);
        Assert.Equal(1, fetcher.Calls);
        Assert.Empty(await test.PublishedOnceQuiet<InputsFetched>());
        Assert.Empty(await test.PublishedOnceQuiet<Fault<FetchInputs>>());
    }

    [Fact]
    public async Task A_transient_failure_is_retried_by_the_definition_and_faults_the_command_when_retries_run_out()
    {
        var fetcher = new ScriptedInputFetcher(_ => throw new IOException("storage: connection reset"));
        await using var test = await Start(fetcher);

        await test.Publish(Command);

        var fault = Assert.Single(await test.PublishedOnceQuiet<Fault<FetchInputs>>());
        Assert.Equal(Command.JobId, fault.Message.JobId);
        Assert.Equal(ConsumerTestBus.Retry.RetryCount + 1, fetcher.Calls);
        Assert.Empty(await test.PublishedOnceQuiet<InputsFetched>());
        Assert.Empty(await test.PublishedOnceQuiet<MergeStepFailed>());
    }

    [Fact]
    public async Task A_transient_failure_that_clears_on_a_retry_is_answered_once_without_a_fault()
    {
        var fetcher = new ScriptedInputFetcher(call => call == 1
            ? throw new IOException("storage: connection reset")
            : ScriptedInputFetcher.Fetched(Command.ManifestPath));
        await using var test = await Start(fetcher);

        await test.Publish(Command);

        Assert.Single(await test.PublishedOnceQuiet<InputsFetched>());
        Assert.Equal(2, fetcher.Calls);
        Assert.Empty(await test.PublishedOnceQuiet<Fault<FetchInputs>>());
    }

    [Fact]
    public async Task A_command_delivered_twice_is_fetched_and_answered_each_time_with_the_same_plan()
    {
        var fetcher = new ScriptedInputFetcher(_ => ScriptedInputFetcher.Fetched(Command.ManifestPath));
        await using var test = await Start(fetcher);

        await test.Redeliver(Command);

        // The consumer keeps no memory of what it answered: the saga drops the second reply as stale.
        var replies = await test.PublishedOnceQuiet<InputsFetched>();
        Assert.Equal(2, replies.Count);
        Assert.Equal(2, fetcher.Calls);
        Assert.All(replies, r => Assert.Equal((Command.JobId, Command.Attempt, Command.Try), (r.JobId, r.Attempt, r.Try)));
        Assert.Equal(replies[0].Plan.OutputKeys, replies[1].Plan.OutputKeys);
        Assert.Empty(await test.PublishedOnceQuiet<MergeStepFailed>());
    }
}
