using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MergeBus.ServiceDefaults.Telemetry;

/// <summary>
/// Metrics and traces through OpenTelemetry: every <c>MergeBus.*</c> meter and activity source plus MassTransit's.
/// Metrics are served at <c>/metrics</c> in Prometheus text; traces go to an OTLP collector when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and to the log when <c>mergebus.telemetry.console</c> is on.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The name of MassTransit's ActivitySource and of its Meter.</summary>
    public const string MassTransitSource = "MassTransit";
    /// <summary>Every MergeBus meter and activity source is named MergeBus.Something.</summary>
    public const string MergeBusSources = "MergeBus.*";
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="builder">The host; its application name becomes service.name.</param>
    /// <param name="console">Log one line per finished span.</param>
    public static IHostApplicationBuilder AddMergeBusTelemetry(this IHostApplicationBuilder builder, bool console)
    {
        // The SDK reads OTEL_EXPORTER_OTLP_ENDPOINT/_PROTOCOL/_HEADERS itself; we only decide whether to export.
        var otlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName,
                serviceInstanceId: Environment.GetEnvironmentVariable("MERGE_WORKER_ID") ?? Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(MergeBusSources, MassTransitSource)
                .AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing.AddSource(MergeBusSources, MassTransitSource);
                if (otlp) tracing.AddOtlpExporter();
                if (console)
                    tracing.AddProcessor(provider => new SimpleActivityExportProcessor(
                        new LogActivityExporter(provider.GetRequiredService<ILoggerFactory>().CreateLogger("MergeBus.Traces"))));
            });
        return builder;
    }

    /// <summary>GET /metrics: Prometheus text of this process's meters.</summary>
    public static WebApplication MapMergeBusMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private sealed class LogActivityExporter(ILogger logger) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
                logger.LogInformation("trace {TraceId} {Name} {Milliseconds:F1} ms {Status}",
                    activity.TraceId, activity.DisplayName, activity.Duration.TotalMilliseconds, activity.Status);
            return ExportResult.Success;
        }
    }
}
