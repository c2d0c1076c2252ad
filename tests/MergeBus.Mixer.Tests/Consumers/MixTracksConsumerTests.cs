using MassTransit;
using MergeBus.Contracts;
using MergeBus.Mixer.Components;
using MergeBus.Mixer.Components.Consumers;
using MergeBus.Mixer.Tests.Support;
using MergeBus.Protocol;
using MergeBus.Steps;
using MergeBus.Testing.Bus;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Mixer.Tests.Consumers;

/// <summary>MixTracksConsumer on the bus test harness: a command in, the saga's reply out.</summary>
public sealed class MixTracksConsumerTests
{
    private static readonly MixTracks Command = new()
    {
        JobId = "job-1",
        Attempt = 1,
        Try = 2,
        StagingPrefix = "staging/job-1/try-2/run/",
        Plan = StepMessages.Plan("room/s1/manifest.json"),
    };

    // Registered without its definition: the definition's concurrency settings are the Mixer host's (MixerSettings),
    // and its retry policy is the shared StepConsumerDefinition that the Fetcher and Publisher tests cover.
    private static Task<ConsumerTestBus> Start(ScriptedTrackMixer mixer) => ConsumerTestBus.StartAsync(
        services => services.AddSingleton<ITrackMixer>(mixer),
        bus => bus.AddConsumer<MixTracksConsumer>());

    [Fact]
    public async Task A_mixed_job_is_answered_with_its_staged_artifacts_for_the_same_try()
    {
        var mixer = new ScriptedTrackMixer((_, command) => ScriptedTrackMixer.Mixed(command));
        await using var test = await Start(mixer);

        await test.Publish(Command);

        var reply = Assert.Single(await test.PublishedOnceQuiet<TracksMixed>());
        Assert.Equal((Command.JobId, Command.Attempt, Command.Try), (reply.JobId, reply.Attempt, reply.Try));
        var artifact = Assert.Single(reply.Artifacts);
        Assert.Equal("staging/job-1/try-2/run/room_mix_room.ogg", artifact.StagingKey);
        Assert.Equal("room/s1/room_mix_room.ogg", artifact.FinalKey);
        Assert.Empty(await test.PublishedOnceQuiet<MergeStepFailed>());
    }

    [Fact]
    public async Task Input_that_cannot_be_mixed_is_answered_with_a_permanent_mix_failure_that_carries_the_reason()
    {
        var mixer = new ScriptedTrackMixer((_, _) => throw new PermanentMergeException("bob.ogg: page 3 has a bad CRC"));
        await using var test = await Start(mixer);

        await test.Publish(Command);

        var failure = Assert.Single(await test.PublishedOnceQuiet<MergeStepFailed>());
        StepMessages.AssertPermanentFailure(failure, (Command.JobId, Command.Attempt, Command.Try), MergeSteps.Mix, "bob.ogg: page 3 has a bad CRC");
        Assert.Equal(1, mixer.Calls);
        Assert.Empty(await test.PublishedOnceQuiet<TracksMixed>());
        Assert.Empty(await test.PublishedOnceQuiet<Fault<MixTracks>>());
    }

    [Fact]
    public async Task A_command_delivered_twice_is_mixed_and_answered_each_time_under_the_same_staging_keys()
    {
        var mixer = new ScriptedTrackMixer((_, command) => ScriptedTrackMixer.Mixed(command));
        await using var test = await Start(mixer);

        await test.Redeliver(Command);

        // Both replies name the command's own staging keys; the saga takes the first and drops the second as stale.
        var replies = await test.PublishedOnceQuiet<TracksMixed>();
        Assert.Equal(2, replies.Count);
        Assert.Equal(2, mixer.Calls);
        Assert.Equal(replies[0].Artifacts.Single().StagingKey, replies[1].Artifacts.Single().StagingKey);
        Assert.Empty(await test.PublishedOnceQuiet<MergeStepFailed>());
    }
}
