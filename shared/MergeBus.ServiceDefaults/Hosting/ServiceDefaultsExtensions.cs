using MergeBus.Configuration;
using MergeBus.Redis.Connection;
using MergeBus.ServiceDefaults.Configuration;
using MergeBus.ServiceDefaults.Health;
using MergeBus.ServiceDefaults.Storage;
using MergeBus.ServiceDefaults.Telemetry;
using MergeBus.Storage;
using MergeBus.Webhooks;
using MergeBus.Storage.Transfers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MergeBus.ServiceDefaults.Hosting;

public static class ServiceDefaultsExtensions
{
    /// <summary>Exit code of a process stopped by a configuration error.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>
    /// Reads the configuration (a wrong or missing setting ends the process with one line naming the key), and adds
    /// console logging (text or JSON), health checks, metrics and traces.
    /// </summary>
    public static MergeBusSettings AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        var settings = LoadSettingsOrExit();
        builder.AddMergeBusLogging(settings.JsonLogs);
        builder.Services.AddSingleton(settings);
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        builder.AddMergeBusTelemetry(settings.ConsoleTelemetry);
        return settings;
    }

    /// <summary>The settings, or one "configuration error: key …" line on stderr and exit code 2.</summary>
    public static MergeBusSettings LoadSettingsOrExit()
    {
        try
        {
            return MergeBusSettingsLoader.Load();
        }
        catch (ConfigurationException bad)
        {
            Console.Error.WriteLine(bad.Message);
            Environment.Exit(ConfigurationErrorExitCode);
            throw; // not reached
        }
    }

    /// <summary>
    /// What every service of a deployment shares: the settings' parts, storage (S3), and Redis (status store, key
    /// vault, egress queue). The host adds its services (AddIngest, AddFetcher, …) and then the bus.
    /// Every process in a deployment must be given the same settings.
    /// </summary>
    public static IServiceCollection AddMergeBusInfrastructure(this IServiceCollection services, MergeBusSettings settings)
    {
        services.TryAddSingleton(settings);
        services.AddSingleton(settings.Worker);
        services.AddSingleton(settings.Limits);
        services.AddSingleton(settings.Retry);
        services.AddSingleton(settings.Mixer);
        services.AddSingleton(settings.Outputs);
        services.AddSingleton(settings.StalledJobs);
        // One store holds recordings and staging/<job>/try-N/, so publishing is a server-side copy.
        // Opened when the host starts (StorageStartupProbe), so a wrong credential stops it before the bus consumes; a
        // host (or a test) that registers its own MergeStores after this never opens the configured one.
        services.AddSingleton<StorageStartupCheck>();
        services.AddSingleton(provider => StorageStartup.OpenOrExit(settings.Storage, provider.GetRequiredService<StorageStartupCheck>()));
        services.AddHostedService<StorageStartupProbe>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);
        services.AddMergeBusRedis(settings.Redis, settings.WorkerMasterKey, settings.Queue);
        return services;
    }

    /// <summary>The tag of the checks /health/ready runs (MassTransit tags its bus check the same).</summary>
    public const string ReadyTag = "ready";

    /// <summary>/health and /health/ready (bus, Redis and storage) and the start-up line.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app, string service)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
        // What a readiness probe asks: the checks tagged ready (the bus, Redis, storage), the same ones today.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteHealthAsync,
        });
        app.MapMergeBusMetrics();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MergeBus");
        logger.LogInformation("MergeBus {Service} starting: {Settings}", service, app.Services.GetRequiredService<MergeBusSettings>());
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        });
    }
}
