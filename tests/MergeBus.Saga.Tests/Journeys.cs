using MergeBus.Contracts;
using static MergeBus.Saga.Tests.SagaTestContext;

namespace MergeBus.Saga.Tests;

/// <summary>The replies a job's steps give on the happy path, in order, for tests that drive a job along.</summary>
public static class Journeys
{
    public static InputsFetched Fetched(string id, int @try = 1) => new() { JobId = id, Attempt = 1, Try = @try, Plan = Plan(id) };

    public static TracksMixed Mixed(string id, int @try = 2) =>
        new() { JobId = id, Attempt = 1, Try = @try, Artifacts = [Staged(id)], Channels = [] };

    public static MixPublished Published(string id, int @try = 3) => new()
    {
        JobId = id,
        Attempt = 1,
        Try = @try,
        Artifacts = [new PublishedArtifact { Format = "ogg_opus", StorageUri = "room_mix_room.ogg", Sha256 = new string('a', 64) }],
    };

    public static async Task ToCompleted(SagaTestContext test, string id)
    {
        await MergeJobStateMachineTests.DriveToPublishing(test, id);
        await test.Publish(Published(id));
        Assert.NotNull(await test.WaitForState(id, m => m.Completed));
    }

    /// <summary>True when the saga faulted any message (a Fault&lt;T&gt; of a message it consumes was published).</summary>
    public static async Task<bool> AnyFault(SagaTestContext test)
    {
        await test.Harness.InactivityTask;
        var published = test.Harness.Published;
        return published.Select<MassTransit.Fault<SubmitMergeJob>>().Any()
            || published.Select<MassTransit.Fault<InputsFetched>>().Any()
            || published.Select<MassTransit.Fault<TracksMixed>>().Any()
            || published.Select<MassTransit.Fault<MixPublished>>().Any()
            || published.Select<MassTransit.Fault<MergeStepFailed>>().Any()
            || published.Select<MassTransit.Fault<MassTransit.Fault<FetchInputs>>>().Any()
            || published.Select<MassTransit.Fault<MassTransit.Fault<MixTracks>>>().Any()
            || published.Select<MassTransit.Fault<MassTransit.Fault<PublishMix>>>().Any()
            || published.Select<MassTransit.Fault<MergeFailureRecorded>>().Any()
            || published.Select<MassTransit.Fault<RetryMergeJob>>().Any()
            || published.Select<MassTransit.Fault<MixProgressed>>().Any()
            || published.Select<MassTransit.Fault<ResumeMergeJob>>().Any();
    }

    public static MassTransit.Fault<T> FaultOf<T>(T message) where T : class => new StepFault<T>(message);

    private sealed record StepFault<T>(T Message) : MassTransit.Fault<T> where T : class
    {
        public Guid FaultId { get; } = Guid.NewGuid();
        public Guid? FaultedMessageId => null;
        public DateTime Timestamp { get; } = DateTime.UtcNow;
        public MassTransit.ExceptionInfo[] Exceptions => [];
        public MassTransit.HostInfo Host => null!;
        public string[] FaultMessageTypes => [];
    }
}
