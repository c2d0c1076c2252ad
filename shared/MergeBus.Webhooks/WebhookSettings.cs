namespace MergeBus.Webhooks;

/// <summary>Signature kinds (docs/events.md, "Webhooks").</summary>
public static class WebhookSignatures
{
    /// <summary>MergeBus-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;.</summary>
    public const string Hmac = "hmac";
    /// <summary>Authorization: a LiveKit webhook token (HS256 JWT, iss = api_key, sha256 = base64 of the body's SHA-256).</summary>
    public const string LiveKit = "livekit";
}

/// <summary>One <c>mergebus.webhooks</c> entry. <see cref="Secret"/> is never printed.</summary>
public sealed record WebhookTarget
{
    public required Uri Url { get; init; }
    /// <summary>Event names (MergeJobCompleted, …); empty means every public event.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];
    public string Secret { get; init; } = "";
    public string Signature { get; init; } = WebhookSignatures.Hmac;

    public bool Wants(string eventName) =>
        Events.Count == 0 || Events.Any(e => e == "*" || string.Equals(e, eventName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The URL without query or user info, which may carry tokens: the only form that reaches a log.</summary>
    public string SafeUrl => Url.GetLeftPart(UriPartial.Path);

    public override string ToString() => $"{SafeUrl} ({Signature}; {(Events.Count == 0 ? "all events" : string.Join(",", Events))})";

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(ToString());
        return true;
    }
}

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
