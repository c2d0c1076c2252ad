using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MergeBus.LiveKit.Auth;

/// <summary>
/// Checks a LiveKit webhook as the server signs it: the <c>Authorization</c> header is a bare HS256 JWT signed
/// with the API secret, issuer = API key, and its <c>sha256</c> claim is the base64 SHA-256 of the body.
/// </summary>
public static class WebhookVerifier
{
    /// <summary>The leeway LiveKit's own Go verifier allows on exp/nbf: our clock and LiveKit's may differ.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    // A webhook token is a few hundred bytes; anything far larger is not one, and is not worth decoding.
    private const int MaxTokenLength = 8192;

    /// <param name="keys">API key → API secret.</param>
    public static WebhookVerification Verify(string? authorizationHeader, ReadOnlySpan<byte> body,
        IReadOnlyDictionary<string, string> keys, DateTimeOffset now)
    {
        var token = authorizationHeader?.Trim() ?? "";
        // LiveKit sends the bare token; a proxy or a hand-written client may add the Bearer scheme.
        if (token.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) token = "";
        else if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token[7..].Trim();
        if (token.Length == 0) return WebhookVerification.Refused(WebhookRejections.MissingToken);
        if (token.Length > MaxTokenLength) return WebhookVerification.Refused(WebhookRejections.MalformedToken);

        var parts = token.Split('.');
        if (parts.Length != 3) return WebhookVerification.Refused(WebhookRejections.MalformedToken);
        var headerBytes = Base64Url.TryDecode(parts[0]);
        var payloadBytes = Base64Url.TryDecode(parts[1]);
        var signature = Base64Url.TryDecode(parts[2]);
        if (headerBytes is null || payloadBytes is null || signature is null)
            return WebhookVerification.Refused(WebhookRejections.MalformedToken);

        if (ReadClaims(headerBytes, payloadBytes) is not { } claims)
            return WebhookVerification.Refused(WebhookRejections.MalformedToken);
        if (claims.Algorithm != "HS256") return WebhookVerification.Refused(WebhookRejections.UnsupportedAlgorithm);
        if (string.IsNullOrEmpty(claims.Issuer) || !keys.TryGetValue(claims.Issuer, out var secret))
            return WebhookVerification.Refused(WebhookRejections.UnknownApiKey);

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
            return WebhookVerification.Refused(WebhookRejections.BadSignature, claims.Issuer);

        // Only a signed token's times and hash are worth reading.
        var nowSeconds = now.ToUnixTimeSeconds();
        var skew = (long)ClockSkew.TotalSeconds;
        if (claims.Expires is not { } exp) return WebhookVerification.Refused(WebhookRejections.NoExpiry, claims.Issuer);
        if (nowSeconds > exp + skew) return WebhookVerification.Refused(WebhookRejections.ExpiredToken, claims.Issuer);
        if (claims.NotBefore is { } nbf && nowSeconds < nbf - skew)
            return WebhookVerification.Refused(WebhookRejections.NotYetValid, claims.Issuer);

        if (string.IsNullOrEmpty(claims.Sha256))
            return WebhookVerification.Refused(WebhookRejections.MissingBodyHash, claims.Issuer);
        var bodyHash = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA256.HashData(body)));
        if (!CryptographicOperations.FixedTimeEquals(bodyHash, Encoding.UTF8.GetBytes(claims.Sha256)))
            return WebhookVerification.Refused(WebhookRejections.BodyHashMismatch, claims.Issuer);

        return WebhookVerification.Accepted(claims.Issuer);
    }

    private sealed record Claims(string? Algorithm, string? Issuer, long? Expires, long? NotBefore, string? Sha256);

    private static Claims? ReadClaims(byte[] header, byte[] payload)
    {
        try
        {
            using var h = JsonDocument.Parse(header);
            using var p = JsonDocument.Parse(payload);
            if (h.RootElement.ValueKind != JsonValueKind.Object || p.RootElement.ValueKind != JsonValueKind.Object) return null;
            return new Claims(
                StringClaim(h.RootElement, "alg"),
                StringClaim(p.RootElement, "iss"),
                NumericDate(p.RootElement, "exp"),
                NumericDate(p.RootElement, "nbf"),
                StringClaim(p.RootElement, "sha256"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringClaim(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // RFC 7519 NumericDate: seconds, possibly with a fraction.
    private static long? NumericDate(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)
            ? (long)Math.Floor(d)
            : null;
}
