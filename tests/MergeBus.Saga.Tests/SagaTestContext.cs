using MassTransit;
using MassTransit.Testing;
using MergeBus.Contracts;
using MergeBus.Ingest.Components;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Protocol.Jobs;
using MergeBus.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Saga.Tests;

/// <summary>The merge saga alone on MassTransit's test harness; the tests play the Fetcher, Mixer and Publisher.</summary>
public sealed class SagaTestContext : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private SagaTestContext(ServiceProvider provider)
    {
        this.provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<MergeJobStateMachine, MergeJobState>();
        Machine = provider.GetRequiredService<MergeJobStateMachine>();
        Status = provider.GetRequiredService<IJobStatusStore>();
        Vault = provider.GetRequiredService<IJobKeyVault>();
    }

    public ITestHarness Harness { get; }
    public ISagaStateMachineTestHarness<MergeJobStateMachine, MergeJobState> Saga { get; }
    public MergeJobStateMachine Machine { get; }
    public IJobStatusStore Status { get; }
    public IJobKeyVault Vault { get; }

    public static async Task<SagaTestContext> StartAsync(Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IJobStatusStore, InMemoryJobStatusStore>()
            .AddSingleton<IJobKeyVault>(new InMemoryJobKeyVault())
            .AddIngest(new IngestOptions { WorkerId = "test-worker" });
        services.AddMassTransitTestHarness(bus =>
            {
                bus.AddBusComponents(services);
                addConsumers?.Invoke(bus);
            });
        var provider = services.BuildServiceProvider(true);
        var context = new SagaTestContext(provider);
        await context.Harness.Start();
        return context;
    }

    public static SubmitMergeJob Job(string id) => new()
    {
        JobId = id,
        ManifestPath = $"room/{id}/manifest.json",
        SessionId = id,
        CreatedAt = 1_770_953_278_790_000_000,
    };

    public static MixPlan Plan(string id) => new()
    {
        ManifestPath = $"room/{id}/manifest.json",
        RoomName = "room",
        Layout = "mix",
        Formats = ["ogg_opus"],
        SampleRate = 48000,
        ChannelCount = 2,
        OutputKeys = new Dictionary<string, string> { ["ogg_opus"] = $"room/{id}/room_mix_room.ogg" },
        Tracks = [],
        TimelineSamples = 48000,
    };

    public static StagedArtifact Staged(string id) => new()
    {
        Format = "ogg_opus",
        StagingKey = $"staging/{id}/try-2/run/room_mix_room.ogg",
        FinalKey = $"room/{id}/room_mix_room.ogg",
        Size = 10,
        Sha256 = new string('a', 64),
    };

    public Task Publish<T>(T message) where T : class => Harness.Bus.Publish(message);

    /// <summary>Publishes with a given message id: the same id twice is what a broker redelivery looks like.</summary>
    public Task Publish<T>(T message, Guid messageId) where T : class =>
        Harness.Bus.Publish(message, c => c.MessageId = messageId);

    /// <summary>Waits until the job's saga is in <paramref name="state"/>; null when it never gets there.</summary>
    public async Task<MergeJobState?> WaitForState(string jobId, Func<MergeJobStateMachine, State> state)
    {
        var id = JobCorrelation.FromJobId(jobId);
        var found = await Saga.Exists(id, state, TimeSpan.FromSeconds(5));
        return found is null ? null : Saga.Sagas.Contains(id);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
