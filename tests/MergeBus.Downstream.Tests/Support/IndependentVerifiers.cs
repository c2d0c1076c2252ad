using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MergeBus.Downstream.Tests.Support;

/// <summary>
/// What a receiving app writes to check our signatures, written from the docs and not from our signer: an HMAC
/// check with a 5-minute replay window, and a LiveKit-style webhook token check (what livekit-server-sdk's
/// WebhookReceiver does: verify the HS256 token with the API secret, its issuer and times, then the body's sha256).
/// </summary>
public static class IndependentVerifiers
{
    public static string? HmacProblem(string header, byte[] body, string secret, DateTimeOffset now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1)) return "malformed header";
        if (Math.Abs(now.ToUnixTimeSeconds() - long.Parse(t, CultureInfo.InvariantCulture)) > 300) return "timestamp outside 5 minutes";
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        mac.AppendData(Encoding.ASCII.GetBytes(t));
        mac.AppendData("."u8);
        mac.AppendData(body);
        var expected = Convert.FromHexString(v1);
        return CryptographicOperations.FixedTimeEquals(mac.GetHashAndReset(), expected) ? null : "signature mismatch";
    }

    public static string? LiveKitProblem(string authorization, byte[] body, string apiKey, string apiSecret, DateTimeOffset now)
    {
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : authorization;
        var parts = token.Split('.');
        if (parts.Length != 3) return "not a JWT";
        var header = JsonNode.Parse(FromBase64Url(parts[0]))!;
        if ((string?)header["alg"] != "HS256") return "alg is not HS256";
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(apiSecret));
        mac.AppendData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(mac.GetHashAndReset(), FromBase64Url(parts[2]))) return "bad token signature";
        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!;
        if ((string?)claims["iss"] != apiKey) return "wrong issuer";
        var seconds = now.ToUnixTimeSeconds();
        if ((long)claims["nbf"]! > seconds + 10 || (long)claims["exp"]! < seconds - 10) return "token not valid now";
        var digest = SHA256.Create().ComputeHash(body);
        return Convert.FromBase64String((string)claims["sha256"]!).SequenceEqual(digest) ? null : "sha256 claim does not match the body";
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
