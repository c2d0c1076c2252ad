using MergeBus.Configuration.Ingest;
using System.Security.Cryptography;
using System.Text;
using MergeBus.Ingest.Components.Dashboard;
using MergeBus.Protocol.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MergeBus.Ingest.Components.Api;

/// <summary>
/// Bearer tokens from <see cref="ApiSettings"/>: a request carries <c>Authorization: Bearer T</c>, or the dashboard's
/// session cookie (<see cref="DashboardSession"/>, which never holds the token). No token (or an unknown one) is 401;
/// a read token where operate is needed is 403; too many wrong tokens from one address is 429.
/// </summary>
public static class ApiAuthentication
{
    private const string CallerItem = "mergebus.caller";
    private const string ViaCookieItem = "mergebus.via-cookie";

    /// <summary>The token's owner, or null. Compares hashes in constant time; never logs the token.</summary>
    public static ApiToken? Caller(HttpContext context, ApiSettings settings)
    {
        if (context.Items.TryGetValue(CallerItem, out var known)) return known as ApiToken;
        ApiToken? found = null;
        if (BearerToken(context) is { Length: > 0 } bearer)
        {
            found = Match(bearer, settings);
        }
        else if (context.Request.Cookies[DashboardSession.CookieName] is { Length: > 0 } session)
        {
            found = DashboardSession.Validate(session, settings, DateTimeOffset.UtcNow);
            context.Items[ViaCookieItem] = true;
        }
        context.Items[CallerItem] = found;
        return found;
    }

    /// <summary>The token <paramref name="presented"/> is, comparing SHA-256 hashes so neither length nor content leaks through timing.</summary>
    public static ApiToken? Match(string presented, ApiSettings settings)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiToken? found = null;
        foreach (var token in settings.Tokens)
            if (CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(token.Token)))) found = token;
        return found;
    }

    /// <summary>True when the request presented a credential (right or wrong).</summary>
    public static bool HasCredential(HttpContext context) =>
        BearerToken(context) is { Length: > 0 } || context.Request.Cookies.ContainsKey(DashboardSession.CookieName);

    /// <summary>True when the caller was known by the dashboard cookie, which a browser sends on its own.</summary>
    public static bool ViaCookie(HttpContext context) => context.Items.ContainsKey(ViaCookieItem);

    public static bool MayOperate(ApiToken? caller) => caller?.Role == ApiRoles.Operate;

    /// <summary>Endpoints of the group need a token with at least <paramref name="role"/>.</summary>
    public static TBuilder RequireApiRole<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var settings = context.RequestServices.GetService<ApiSettings>() ?? new ApiSettings();
            var guard = context.RequestServices.GetService<SignInGuard>();
            var presented = HasCredential(context);
            if (presented && guard is not null && !guard.MayTry(context))
                return Problems.TooManyRequests(
                    $"more than {settings.SignInFailuresPerMinute} wrong tokens a minute from this address (mergebus.limits.sign_in_failures_per_minute)");
            var caller = Caller(context, settings);
            if (caller is null)
            {
                if (presented) guard?.Failed(context);
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"mergebus\"";
                return Problems.Unauthorized();
            }
            if (role == ApiRoles.Operate && !MayOperate(caller)) return Problems.Forbidden(caller.Name);
            // A cross-site form can post with the cookie but never as application/json (that needs CORS, which we don't grant).
            if (role == ApiRoles.Operate && ViaCookie(context) && !context.Request.HasJsonContentType()) return Problems.NotJson();
            return await next(invocation);
        });

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
