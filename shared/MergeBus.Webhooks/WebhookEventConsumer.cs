using System.Text.Json;
using MassTransit;

namespace MergeBus.Webhooks;

/// <summary>
/// Turns a public event into one stored delivery per target that wants it, and returns: the POSTs happen in
/// <see cref="WebhookDispatcher"/>, so a slow or broken receiver never holds up a job.
/// </summary>
public sealed class WebhookEventConsumer<T>(WebhookSettings settings, RedisWebhookStore store) : IConsumer<T> where T : class
{
    /// <summary>The body is the event as the bus carries it in "message": camelCase JSON.</summary>
    public static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

    public async Task Consume(ConsumeContext<T> context)
    {
        var name = typeof(T).Name;
        var body = JsonSerializer.Serialize(context.Message, BodyOptions);
        var eventId = (context.MessageId ?? NewId.NextGuid()).ToString("D");
        var jobId = typeof(T).GetProperty("JobId")?.GetValue(context.Message) as string ?? "";
        var now = DateTimeOffset.UtcNow;
        for (var target = 0; target < settings.Targets.Count; target++)
        {
            if (!settings.Targets[target].Wants(name)) continue;
            await store.EnqueueAsync(new WebhookDelivery
            {
                Id = $"{eventId}:{target}",
                EventId = eventId,
                Event = name,
                JobId = jobId,
                Target = target,
                Body = body,
                CreatedAtMs = now.ToUnixTimeMilliseconds(),
            }, now);
        }
    }
}
