using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MergeBus.ServiceDefaults.Telemetry;

/// <summary>
/// Traces and metrics of MassTransit (its ActivitySource and Meter) through the OpenTelemetry SDK. Nothing is
/// exported unless <c>mergebus.telemetry.console</c> is on; then finished activities are logged one line each.
/// Add an exporter here (OTLP) when a collector exists.
/// </summary>
public sealed class MergeBusTelemetry(bool console, ILoggerFactory loggers) : IHostedService, IDisposable
{
    /// <summary>The name of MassTransit's ActivitySource and of its Meter.</summary>
    public const string MassTransitSource = "MassTransit";

    private TracerProvider? tracing;
    private MeterProvider? metrics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var tracer = Sdk.CreateTracerProviderBuilder().AddSource(MassTransitSource, "MergeBus");
        if (console) tracer.AddProcessor(new SimpleActivityExportProcessor(new LogActivityExporter(loggers.CreateLogger("MergeBus.Traces"))));
        tracing = tracer.Build();
        metrics = Sdk.CreateMeterProviderBuilder().AddMeter(MassTransitSource).Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        tracing?.Dispose();
        metrics?.Dispose();
        tracing = null;
        metrics = null;
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
