namespace MergeBus.Webhooks;

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
