using MergeBus.Configuration.Ingest;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MergeBus.Ingest.Components.Api;

/// <summary>
/// Bearer tokens from <see cref="ApiSettings"/>: a request carries <c>Authorization: Bearer T</c>, or the dashboard's
/// cookie holding the same token. No token (or an unknown one) is 401; a read token where operate is needed is 403.
/// </summary>
public static class ApiAuthentication
{
    public const string CookieName = "mergebus_token";
    private const string CallerItem = "mergebus.caller";

    /// <summary>The token's owner, or null. Compares in constant time; never logs the token.</summary>
    public static ApiToken? Caller(HttpContext context, ApiSettings settings)
    {
        if (context.Items.TryGetValue(CallerItem, out var known)) return known as ApiToken;
        var presented = BearerToken(context) ?? context.Request.Cookies[CookieName];
        ApiToken? found = null;
        if (!string.IsNullOrEmpty(presented))
        {
            var bytes = Encoding.UTF8.GetBytes(presented);
            foreach (var token in settings.Tokens)
                if (CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(token.Token))) found = token;
        }
        context.Items[CallerItem] = found;
        return found;
    }

    public static bool MayOperate(ApiToken? caller) => caller?.Role == ApiRoles.Operate;

    /// <summary>Endpoints of the group need a token with at least <paramref name="role"/>.</summary>
    public static TBuilder RequireApiRole<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var settings = context.RequestServices.GetService(typeof(ApiSettings)) as ApiSettings ?? new ApiSettings();
            var caller = Caller(context, settings);
            if (caller is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"mergebus\"";
                return Problems.Unauthorized();
            }
            if (role == ApiRoles.Operate && !MayOperate(caller)) return Problems.Forbidden(caller.Name);
            return await next(invocation);
        });

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
