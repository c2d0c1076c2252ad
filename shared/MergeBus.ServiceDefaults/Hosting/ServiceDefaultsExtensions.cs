using MassTransit;
using MergeBus.Fetcher.Components;
using MergeBus.Ingest.Components;
using MergeBus.Ingest.Components.Api;
using MergeBus.Ingest.Components.History;
using MergeBus.Ingest.Components.Queue;
using MergeBus.Ingest.Components.StateMachines;
using MergeBus.Mixer.Components;
using MergeBus.Publisher.Components;
using MergeBus.Redis.Connection;
using MergeBus.Redis.Saga;
using MergeBus.ServiceDefaults.Configuration;
using MergeBus.ServiceDefaults.Health;
using MergeBus.ServiceDefaults.Messaging;
using MergeBus.ServiceDefaults.Storage;
using MergeBus.ServiceDefaults.Telemetry;
using MergeBus.Storage;
using MergeBus.Storage.Transfers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace MergeBus.ServiceDefaults.Hosting;

public static class ServiceDefaultsExtensions
{
    /// <summary>Exit code of a process stopped by a configuration error.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>
    /// Reads the configuration (a wrong or missing setting ends the process with one line naming the key), and adds
    /// console logging, health checks and telemetry.
    /// </summary>
    public static MergeBusSettings AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        var settings = LoadSettingsOrExit();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.AddSingleton(settings);
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        builder.Services.AddSingleton<IHostedService>(provider =>
            new MergeBusTelemetry(settings.ConsoleTelemetry, provider.GetRequiredService<ILoggerFactory>()));
        return settings;
    }

    /// <summary>The settings, or one "configuration error: key …" line on stderr and exit code 2.</summary>
    public static MergeBusSettings LoadSettingsOrExit()
    {
        try
        {
            return MergeBusSettingsLoader.Load();
        }
        catch (Configuration.ConfigurationException bad)
        {
            Console.Error.WriteLine(bad.Message);
            Environment.Exit(ConfigurationErrorExitCode);
            throw; // not reached
        }
    }

    /// <summary>
    /// Registers storage, Redis (status store, key vault, egress queue), the bus and the components of
    /// <paramref name="roles"/>. Every process in a deployment must be given the same settings.
    /// </summary>
    public static IServiceCollection AddMergeBusService(this IServiceCollection services, MergeBusSettings settings,
        ServiceRoles roles)
    {
        services.TryAddSingleton(settings);
        services.AddSingleton(new RunningRoles(roles));
        services.AddSingleton(settings.Worker);
        services.AddSingleton(settings.Limits);
        services.AddSingleton(settings.Retry);
        services.AddSingleton(settings.Mixer);
        services.AddSingleton(new WorkerIdentity(settings.Worker.WorkerId));
        services.AddSingleton(new StorageLocation(settings.Storage.Bucket));
        services.AddSingleton(_ =>
        {
            // One store holds recordings and staging/<job>/attempt-N/, so publishing is a server-side copy.
            var s3 = new S3ObjectStorage(settings.Storage);
            return new MergeStores(s3, s3);
        });
        services.AddMergeBusRedis(settings.Redis, settings.WorkerMasterKey, settings.Queue);

        if (roles.HasFlag(ServiceRoles.Ingest))
        {
            services.AddIngestServices();
            services.AddJobHistory(settings.History, settings.SagaRetention);
            services.AddSingleton(settings.Api);
            if (settings.Bus.Transport == BusSettings.RabbitMqTransport)
                services.AddSingleton<IMixerBacklog>(new RabbitMqMixerBacklog(settings.Bus.RabbitMq));
            services.AddHostedService<EgressQueueListener>();
            services.AddHostedService<StagingJanitor>();
        }
        if (roles.HasFlag(ServiceRoles.Fetcher)) services.AddFetcherServices();
        if (roles.HasFlag(ServiceRoles.Mixer)) services.AddMixerServices();
        if (roles.HasFlag(ServiceRoles.Publisher)) services.AddPublisherServices();

        services.AddMergeBusMessaging(settings.Bus, bus =>
        {
            if (roles.HasFlag(ServiceRoles.Ingest))
            {
                bus.AddJobHistoryConsumer(settings.History);
                bus.AddMergeJobSaga(saga => saga.Repository(r => r.UseMergeBusRedis(o =>
                {
                    o.Retention = settings.SagaRetention;
                    o.FinalStates.Add("Completed");
                    o.FinalStates.Add("DeadLettered");
                })));
                // Redis restarting or failing over: the saga waits for it instead of faulting the message.
                bus.AddConfigureEndpointsCallback((_, name, endpoint) =>
                {
                    if (name != "merge-job-state") return;
                    endpoint.UseMessageRetry(r =>
                    {
                        r.Handle<RedisConnectionException>();
                        r.Handle<RedisTimeoutException>();
                        r.Handle<RedisServerException>(e => e.Message.StartsWith("LOADING", StringComparison.Ordinal));
                        r.Intervals(250, 500, 1000, 2000, 4000, 8000, 15000);
                    });
                });
            }
            if (roles.HasFlag(ServiceRoles.Fetcher)) bus.AddFetcherConsumers();
            if (roles.HasFlag(ServiceRoles.Publisher)) bus.AddPublisherConsumers();
            if (roles.HasFlag(ServiceRoles.Mixer))
            {
                bus.AddMixerConsumers();
                // Mixing is CPU-bound: the broker hands a Mixer no more jobs than it is set to hold.
                var prefetch = settings.Mixer.PrefetchCount ?? settings.Mixer.ConcurrentJobs;
                bus.AddConfigureEndpointsCallback((_, name, endpoint) =>
                {
                    if (name == "mix-tracks" && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                        rabbit.PrefetchCount = prefetch;
                });
            }
        });
        return services;
    }

    /// <summary>/health (bus and Redis), and the jobs API when this process runs Ingest.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
        var roles = app.Services.GetRequiredService<RunningRoles>().Roles;
        if (roles.HasFlag(ServiceRoles.Ingest)) app.MapJobsApi();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MergeBus");
        logger.LogInformation("MergeBus {Roles} starting: {Settings}", roles, app.Services.GetRequiredService<MergeBusSettings>());
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

/// <summary>The roles this process was started with.</summary>
public sealed record RunningRoles(ServiceRoles Roles);
