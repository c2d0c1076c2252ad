using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MergeBus.LiveKit.Auth;

/// <summary>Signs LiveKit access tokens (HS256, issuer = API key), for the Twirp ListEgress call and for tests.</summary>
public static class LiveKitAccessToken
{
    /// <param name="sha256">Base64 SHA-256 of a webhook body, as LiveKit puts it in the token it signs.</param>
    public static string Create(string apiKey, string secret, DateTimeOffset now, TimeSpan ttl,
        VideoGrant? video = null, string? sha256 = null, string? identity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var seconds = now.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = apiKey,
            ["nbf"] = seconds,
            ["iat"] = seconds,
            ["exp"] = seconds + (long)ttl.TotalSeconds,
        };
        if (identity is not null) payload["sub"] = identity;
        if (sha256 is not null) payload["sha256"] = sha256;
        if (video is not null)
        {
            var grant = new JsonObject();
            if (video.RoomRecord) grant["roomRecord"] = true;
            if (video.RoomAdmin) grant["roomAdmin"] = true;
            if (video.RoomList) grant["roomList"] = true;
            if (video.Room is not null) grant["room"] = video.Room;
            payload["video"] = grant;
        }

        var header = Base64Url.Encode("""{"alg":"HS256","typ":"JWT"}"""u8);
        var body = Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{header}.{body}"));
        return $"{header}.{body}.{Base64Url.Encode(signature)}";
    }

    /// <summary>The <c>sha256</c> claim LiveKit signs for a webhook body.</summary>
    public static string BodyHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));
}
