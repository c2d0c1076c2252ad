namespace MergeBus.Webhooks;

/// <summary>Signature kinds (docs/events.md, "Webhooks").</summary>
public static class WebhookSignatures
{
    /// <summary>MergeBus-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;.</summary>
    public const string Hmac = "hmac";
    /// <summary>Authorization: a LiveKit webhook token (HS256 JWT, iss = api_key, sha256 = base64 of the body's SHA-256).</summary>
    public const string LiveKit = "livekit";
}
