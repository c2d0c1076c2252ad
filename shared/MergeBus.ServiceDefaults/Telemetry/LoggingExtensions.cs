using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.ServiceDefaults.Telemetry;

public static class LoggingExtensions
{
    /// <summary>
    /// One line per entry on the console: plain text, or JSON objects (scopes included, so every line logged while a
    /// job's message is handled carries its JobId) when <c>mergebus.logging.json</c> is on.
    /// </summary>
    public static IHostApplicationBuilder AddMergeBusLogging(this IHostApplicationBuilder builder, bool json)
    {
        builder.Logging.ClearProviders();
        if (json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        return builder;
    }
}
