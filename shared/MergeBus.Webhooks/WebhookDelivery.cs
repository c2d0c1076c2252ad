namespace MergeBus.Webhooks;

/// <summary>One event for one target, as stored in Redis until it arrives or gives up. Holds no secret.</summary>
public sealed record WebhookDelivery
{
    /// <summary>&lt;event id&gt;:&lt;target index&gt;.</summary>
    public required string Id { get; init; }
    /// <summary>The event's message id: the same for every target and every attempt (the idempotency key).</summary>
    public required string EventId { get; init; }
    public required string Event { get; init; }
    public string JobId { get; init; } = "";
    public required int Target { get; init; }
    public required string Body { get; init; }
    public long CreatedAtMs { get; init; }
    public int Attempts { get; init; }
    public string LastError { get; init; } = "";
}

/// <summary>What the failed list (<see cref="WebhookKeys.Failed"/>) keeps of a delivery that gave up.</summary>
public sealed record WebhookFailure(string DeliveryId, string EventId, string Event, string JobId, string Url, int Attempts,
    string Reason, long CreatedAtMs, long GaveUpAtMs);

public static class WebhookKeys
{
    // One hash tag: the scripts touch several of these keys at once, which Redis Cluster allows in one slot only.
    public const string Deliveries = "mergebus:{webhooks}:deliveries";
    public const string Due = "mergebus:{webhooks}:due";
    /// <summary>Deliveries that gave up, newest first, as <see cref="WebhookFailure"/> JSON.</summary>
    public const string Failed = "mergebus:{webhooks}:failed";
    public static string Done(string deliveryId) => "mergebus:{webhooks}:done:" + deliveryId;
}
