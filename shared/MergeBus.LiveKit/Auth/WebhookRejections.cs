namespace MergeBus.LiveKit.Auth;

/// <summary>The one-line reasons a webhook is refused; safe to answer and log (they never hold the token).</summary>
public static class WebhookRejections
{
    public const string MissingToken = "missing token";
    public const string MalformedToken = "malformed token";
    public const string UnsupportedAlgorithm = "unsupported token algorithm (HS256 only)";
    public const string UnknownApiKey = "unknown api key";
    public const string BadSignature = "bad signature";
    public const string ExpiredToken = "expired token";
    public const string NotYetValid = "token not yet valid";
    public const string NoExpiry = "token has no expiry";
    public const string MissingBodyHash = "token has no sha256 claim";
    public const string BodyHashMismatch = "body hash mismatch";
}
