namespace MergeBus.LiveKit.Auth;

/// <summary>The verdict on one webhook request.</summary>
public sealed record WebhookVerification
{
    public bool Ok { get; init; }
    /// <summary>A <see cref="WebhookRejections"/> value when refused; empty when accepted.</summary>
    public string Reason { get; init; } = "";
    /// <summary>The token's issuer when it is a known key (never the secret); empty otherwise.</summary>
    public string ApiKey { get; init; } = "";

    internal static WebhookVerification Accepted(string apiKey) => new() { Ok = true, ApiKey = apiKey };
    internal static WebhookVerification Refused(string reason, string apiKey = "") => new() { Reason = reason, ApiKey = apiKey };
}
