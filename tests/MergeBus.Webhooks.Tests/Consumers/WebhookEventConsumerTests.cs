using MergeBus.Contracts;
using MergeBus.Testing.Bus;
using MergeBus.Webhooks.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Webhooks.Tests.Consumers;

/// <summary>
/// WebhookEventConsumer on the bus test harness over a real Redis: a public event in, stored deliveries out (the
/// dispatcher that sends them is tested end to end in Downstream.Tests).
/// </summary>
public sealed class WebhookEventConsumerTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly WebhookSettings Settings = new()
    {
        Targets =
        [
            new WebhookTarget { Url = new Uri("http://127.0.0.1:9/completed"), Events = [nameof(MergeJobCompleted)] },
            new WebhookTarget { Url = new Uri("http://127.0.0.1:9/dead"), Events = [nameof(MergeJobDeadLettered)] },
            new WebhookTarget { Url = new Uri("http://127.0.0.1:9/all") },
        ],
    };

    private static readonly MergeJobCompleted Completed = new() { JobId = "job-1", ManifestPath = "room/s1/manifest.json", Artifacts = [] };

    private RedisWebhookStore Store => new(redis.Connection);

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<ConsumerTestBus> Start() => ConsumerTestBus.StartAsync(
        services => services.AddSingleton(Settings).AddSingleton(Store),
        bus => bus.AddConsumer<WebhookEventConsumer<MergeJobCompleted>>());

    /// <summary>Every stored delivery, whenever due.</summary>
    private Task<IReadOnlyList<WebhookDelivery>> Stored() =>
        Store.ClaimDueAsync(DateTimeOffset.UtcNow.AddDays(1), TimeSpan.FromSeconds(1), 100);

    [Fact]
    public async Task An_event_is_stored_as_one_delivery_for_each_target_that_wants_it()
    {
        await using var test = await Start();
        var eventId = Guid.NewGuid();

        await test.Publish(Completed, eventId);
        await test.Harness.InactivityTask;

        var deliveries = (await Stored()).OrderBy(d => d.Target).ToList();
        Assert.Equal([0, 2], deliveries.Select(d => d.Target));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(eventId.ToString("D"), d.EventId);
            Assert.Equal($"{eventId:D}:{d.Target}", d.Id);
            Assert.Equal(nameof(MergeJobCompleted), d.Event);
            Assert.Equal("job-1", d.JobId);
            Assert.Contains("\"jobId\":\"job-1\"", d.Body);
        });
    }

    [Fact]
    public async Task An_event_consumed_twice_is_stored_once_per_target()
    {
        await using var test = await Start();
        var consumed = test.CountConsumed<MergeJobCompleted>();
        var eventId = Guid.NewGuid();

        await test.Publish(Completed, eventId);
        await test.Publish(Completed, eventId);
        await consumed.Reached(2);

        Assert.Equal([0, 2], (await Stored()).Select(d => d.Target).Order());
    }

    [Fact]
    public async Task An_event_consumed_again_after_its_delivery_arrived_is_not_stored_again()
    {
        await using var test = await Start();
        var eventId = Guid.NewGuid();
        await test.Publish(Completed, eventId);
        await test.Harness.InactivityTask;
        foreach (var delivered in await Stored()) await Store.FinishAsync(delivered, TimeSpan.FromHours(1));
        var consumed = test.CountConsumed<MergeJobCompleted>();

        await test.Publish(Completed, eventId);
        await consumed.Reached(1);

        Assert.Empty(await Stored());
    }
}
