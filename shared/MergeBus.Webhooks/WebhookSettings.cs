namespace MergeBus.Webhooks;

/// <summary><c>mergebus.webhooks</c>, plus the egress config's LiveKit key pair for livekit signatures.</summary>
public sealed record WebhookSettings
{
    public IReadOnlyList<WebhookTarget> Targets { get; init; } = [];
    /// <summary>A delivery is retried (exponential backoff) until it is this old, then it gives up.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(24);
    /// <summary><c>mergebus.limits.max_webhook_failures</c>: the failed list keeps this many newest deliveries.</summary>
    public int MaxFailures { get; init; } = RedisWebhookStore.DefaultMaxFailures;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>First retry delay; each next one doubles, up to <see cref="MaxInterval"/>.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromMinutes(10);
    public string LiveKitApiKey { get; init; } = "";
    public string LiveKitApiSecret { get; init; } = "";

    public override string ToString() => Targets.Count == 0 ? "none" : string.Join(", ", Targets);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(ToString());
        return true;
    }
}
