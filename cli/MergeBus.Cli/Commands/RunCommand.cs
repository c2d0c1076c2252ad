using System.CommandLine;
using MergeBus.Fetcher.Components;
using MergeBus.Ingest.Components;
using MergeBus.Ingest.Components.Api;
using MergeBus.Mixer.Components;
using MergeBus.Publisher.Components;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace MergeBus.Cli.Commands;

/// <summary>
/// `mergebus run ingest|fetcher|mixer|publisher|all`: one service (or all four in this process) against the
/// Redis, RabbitMQ and S3 named by the egress configuration (EGRESS_CONFIG_FILE / EGRESS_CONFIG_BODY). Composes the
/// same AddX() calls as the service hosts.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var service = new Argument<string>("service") { Description = "ingest, fetcher, mixer, publisher or all" };
        var command = new Command("run", "Run MergeBus services against real Redis, RabbitMQ and S3") { service };
        command.SetAction(async (parse, cancellationToken) =>
        {
            ServiceRoles roles;
            try
            {
                roles = ServiceRoleNames.Parse(parse.GetValue(service)!);
            }
            catch (ArgumentException bad)
            {
                Console.Error.WriteLine(bad.Message);
                return 2;
            }
            var builder = CreateHostBuilder();
            var settings = builder.AddServiceDefaults();
            var services = builder.Services.AddMergeBusInfrastructure(settings);
            if (roles.HasFlag(ServiceRoles.Ingest))
            {
                services.AddIngest(new IngestOptions
                {
                    WorkerId = settings.Worker.WorkerId, Bucket = settings.Storage.Bucket, Distributed = true,
                    SagaRetention = settings.SagaRetention, StagingRetention = settings.StagingRetention, StalledJobs = settings.StalledJobs,
                    Webhooks = settings.Webhooks, History = settings.History, Api = settings.Api, Queue = settings.Queue,
                    MixerBacklog = settings.MixerBacklog(), LiveKit = settings.LiveKit,
                });
            }
            if (roles.HasFlag(ServiceRoles.Fetcher)) services.AddFetcher();
            if (roles.HasFlag(ServiceRoles.Mixer)) services.AddMixer();
            if (roles.HasFlag(ServiceRoles.Publisher)) services.AddPublisher();
            services.AddMergeBusMessaging(settings.Bus);

            // Loopback unless ASPNETCORE_URLS (or --urls) says otherwise.
            if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(settings.Api.Listen);
            await using var app = builder.Build();
            app.MapServiceDefaults(roles.ToString());
            if (roles.HasFlag(ServiceRoles.Ingest)) app.MapJobsApi();
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>As the service hosts build theirs: settings read once, no file watcher over the content root.</summary>
    public static WebApplicationBuilder CreateHostBuilder() => ServiceHostBuilder.Create([]);
}
