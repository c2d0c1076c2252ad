using MergeBus.Configuration.Ingest;
using System.Threading.RateLimiting;
using MergeBus.Protocol.Jobs;
using Microsoft.AspNetCore.Http;

namespace MergeBus.Ingest.Components.Api;

/// <summary>
/// Counts wrong tokens per client address (bearer, cookie or the sign-in form): past
/// <see cref="ApiSettings.SignInFailuresPerMinute"/> in a minute, that address gets 429 without its token being
/// checked, so guessing a token takes years rather than hours.
/// </summary>
public sealed class SignInGuard(ApiSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.SignInFailuresPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>True while the caller's address has failures left this minute.</summary>
    public bool MayTry(HttpContext context) =>
        _failures.GetStatistics(Address(context))?.CurrentAvailablePermits is not 0;

    public void Failed(HttpContext context)
    {
        using var _ = _failures.AttemptAcquire(Address(context));
    }

    public void Dispose() => _failures.Dispose();

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
