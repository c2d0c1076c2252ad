using MergeBus.Configuration.Ingest;
using System.Threading.RateLimiting;
using MergeBus.Protocol.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Ingest.Components.Api;

/// <summary>
/// ASP.NET Core's rate limiter on every API and dashboard endpoint: <see cref="ApiSettings.RequestsPerMinute"/> per
/// client address, 429 (RFC 7807) beyond it; plus the <see cref="SignInGuard"/> for wrong tokens.
/// </summary>
public static class ApiRateLimits
{
    public const string Policy = "mergebus-api";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, ApiSettings settings)
    {
        services.TryAddSingleton(_ => new SignInGuard(settings));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, cancellationToken) => new ValueTask(Problems.TooManyRequests(
                $"more than {settings.RequestsPerMinute} requests a minute from this address (mergebus.limits.api_requests_per_minute)")
                .ExecuteAsync(rejected.HttpContext));
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        return services;
    }
}
