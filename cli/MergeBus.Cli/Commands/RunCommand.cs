using System.CommandLine;
using MergeBus.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace MergeBus.Cli.Commands;

/// <summary>
/// `mergebus run ingest|fetcher|mixer|publisher|all`: one service (or all four in this process) against the
/// Redis, RabbitMQ and S3 named by the egress configuration (EGRESS_CONFIG_FILE / EGRESS_CONFIG_BODY).
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
            var builder = WebApplication.CreateBuilder();
            var settings = builder.AddServiceDefaults();
            builder.Services.AddMergeBusService(settings, roles);
            // Loopback unless ASPNETCORE_URLS (or --urls) says otherwise.
            if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(settings.Api.Listen);
            await using var app = builder.Build();
            app.MapServiceDefaults();
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
