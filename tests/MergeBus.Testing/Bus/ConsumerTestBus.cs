using MassTransit;
using MassTransit.Testing;
using MergeBus.Protocol.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Testing.Bus;

/// <summary>
/// One consumer (and its definition) on MassTransit's in-memory test harness, as in Sample-ForkJoint: messages in,
/// messages out. Step retries are immediate so that a transient failure runs out of retries without a wait.
/// </summary>
public sealed class ConsumerTestBus : IAsyncDisposable
{
    public const string WorkerId = "test-worker";

    /// <summary>The retries every step definition reads; two, so a transient failure is tried three times.</summary>
    public static readonly StepRetrySettings Retry = new()
    {
        RetryCount = 2,
        MinInterval = TimeSpan.Zero,
        MaxInterval = TimeSpan.Zero,
        IntervalDelta = TimeSpan.Zero,
    };

    private readonly ServiceProvider provider;

    private ConsumerTestBus(ServiceProvider provider)
    {
        this.provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public static async Task<ConsumerTestBus> StartAsync(Action<IServiceCollection> services, Action<IBusRegistrationConfigurator> bus)
    {
        var collection = new ServiceCollection()
            .AddSingleton(new WorkerSettings { WorkerId = WorkerId })
            .AddSingleton(Retry);
        services(collection);
        collection.AddMassTransitTestHarness(bus);
        var provider = collection.BuildServiceProvider(true);
        var test = new ConsumerTestBus(provider);
        await test.Harness.Start();
        return test;
    }

    /// <summary>Publishes with a given message id: the same id twice is what a broker redelivery looks like.</summary>
    public Task Publish<T>(T message, Guid? messageId = null) where T : class =>
        Harness.Bus.Publish(message, c => c.MessageId = messageId ?? NewId.NextGuid());

    /// <summary>The same message twice under one message id, as a broker redelivers it.</summary>
    public async Task Redeliver<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await Publish(message, messageId);
        await Publish(message, messageId);
    }

    /// <summary>Counts the consumptions of <typeparamref name="T"/> from now on.</summary>
    public ConsumeCounter<T> CountConsumed<T>() where T : class
    {
        var counter = new ConsumeCounter<T>();
        Harness.Bus.ConnectConsumeMessageObserver(counter);
        return counter;
    }

    /// <summary>Every message of type <typeparamref name="T"/> published so far, once the bus has gone quiet.</summary>
    public async Task<IReadOnlyList<T>> PublishedOnceQuiet<T>() where T : class
    {
        await Harness.InactivityTask;
        return Harness.Published.Select<T>().Select(m => m.Context.Message).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
