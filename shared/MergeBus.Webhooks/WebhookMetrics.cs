using System.Diagnostics.Metrics;

namespace MergeBus.Webhooks;

public static class WebhookMetrics
{
    public const string MeterName = "MergeBus.Webhooks";
    public const string Delivered = "delivered";
    public const string Retried = "retried";
    public const string GaveUp = "gave_up";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("mergebus.webhooks.deliveries", "{attempt}",
        "Webhook POSTs by outcome: delivered, retried (failed, tried again later) or gave_up");

    public static void Record(string outcome) => Deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
