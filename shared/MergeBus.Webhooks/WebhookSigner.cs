using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MergeBus.Webhooks;

/// <summary>The headers that let a receiver check a delivery came from us and was not altered.</summary>
public static class WebhookSigner
{
    public const string HmacHeader = "MergeBus-Signature";
    public const string LiveKitHeader = "Authorization";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;.</summary>
    public static string Hmac(string secret, long unixSeconds, byte[] body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>
    /// The token LiveKit puts in its own webhooks' Authorization header: HS256, iss = api key, nbf/exp, and
    /// sha256 = base64 of the body's SHA-256. LiveKit server SDKs' WebhookReceiver verifies it unchanged.
    /// </summary>
    public static string LiveKitToken(string apiKey, string apiSecret, DateTimeOffset now, byte[] body)
    {
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = apiKey,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["sha256"] = Convert.ToBase64String(SHA256.HashData(body)),
        };
        var unsigned = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.ASCII.GetBytes(unsigned));
        return $"{unsigned}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
