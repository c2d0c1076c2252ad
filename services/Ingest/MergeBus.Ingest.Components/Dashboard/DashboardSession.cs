using MergeBus.Configuration.Ingest;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MergeBus.Protocol.Jobs;
using Microsoft.AspNetCore.WebUtilities;

namespace MergeBus.Ingest.Components.Dashboard;

/// <summary>
/// The dashboard's sign-in cookie: <c>v1.name.expiry.mac</c>, an HMAC over the token's name and expiry keyed by a
/// hash of the token. It never holds the token, any instance that knows the tokens can check it (no server-side
/// store to share), and removing a token from the settings ends its sessions.
/// </summary>
public static class DashboardSession
{
    public const string CookieName = "mergebus_session";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static string Issue(ApiToken token, DateTimeOffset now)
    {
        var expiry = (now + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var name = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token.Name));
        return $"v1.{name}.{expiry}.{WebEncoders.Base64UrlEncode(Mac(token, $"session\n{name}\n{expiry}"))}";
    }

    /// <summary>The session's token, or null when the value is forged, expired, or its token is gone.</summary>
    public static ApiToken? Validate(string? value, ApiSettings settings, DateTimeOffset now)
    {
        var parts = value?.Split('.');
        if (parts is not { Length: 4 } || parts[0] != "v1") return null;
        if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || expiry < now.ToUnixTimeSeconds()) return null;
        string name;
        byte[] presented;
        try
        {
            name = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(parts[1]));
            presented = WebEncoders.Base64UrlDecode(parts[3]);
        }
        catch (FormatException)
        {
            return null;
        }
        var token = settings.Tokens.FirstOrDefault(t => t.Name == name);
        if (token is null) return null;
        return CryptographicOperations.FixedTimeEquals(presented, Mac(token, $"session\n{parts[1]}\n{parts[2]}")) ? token : null;
    }

    /// <summary>The anti-forgery value a dashboard form carries: bound to this session, unknown to another site.</summary>
    public static string FormToken(ApiToken token, string session) =>
        WebEncoders.Base64UrlEncode(Mac(token, "form\n" + session));

    public static bool IsFormTokenValid(ApiToken token, string? session, string? presented) =>
        session is not null && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(FormToken(token, session)));

    private static byte[] Mac(ApiToken token, string message)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes("mergebus dashboard session\n" + token.Token));
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
    }
}
