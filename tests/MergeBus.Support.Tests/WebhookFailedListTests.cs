using MergeBus.Support.Tests.Support;
using MergeBus.Webhooks;
using StackExchange.Redis;

namespace MergeBus.Support.Tests;

/// <summary>The webhook failed list on a real Redis: bounded, newest kept.</summary>
[Collection(SupportCollection.Name)]
public sealed class WebhookFailedListTests(SupportServers servers)
{
    [Fact]
    public async Task The_failed_list_keeps_only_its_newest_deliveries_up_to_its_limit()
    {
        var db = servers.NextDatabase();
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{servers.Redis.Address},allowAdmin=true,defaultDatabase={db}");
        await redis.GetServer(servers.Redis.Address).FlushDatabaseAsync(db);
        var store = new RedisWebhookStore(redis, maxFailures: 3);

        for (var i = 0; i < 5; i++)
        {
            var delivery = new WebhookDelivery { Id = $"e{i}:0", EventId = $"e{i}", Event = "job.failed", Target = 0, Body = "{}" };
            await store.FinishAsync(delivery, TimeSpan.FromMinutes(1),
                new WebhookFailure(delivery.Id, delivery.EventId, delivery.Event, "job", "http://127.0.0.1:9/", 3, "refused", 0, i));
        }

        Assert.Equal(["e4:0", "e3:0", "e2:0"], (await store.FailedAsync()).Select(f => f.DeliveryId));
    }
}
