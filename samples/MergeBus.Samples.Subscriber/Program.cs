using MassTransit;
using MergeBus.Samples.Subscriber;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Connection settings from the environment, as a container would pass them.
string Setting(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMassTransit(bus =>
{
    bus.DisableUsageTelemetry();
    // The queue is this app's own: every subscriber app gets each event once, whatever other apps listen.
    bus.AddConsumer<MixReadyConsumer>().Endpoint(e => e.Name = Setting("SUBSCRIBER_QUEUE", "sample-mix-ready"));
    bus.UsingRabbitMq((context, cfg) =>
    {
        cfg.Host(Setting("RABBITMQ_HOST", "127.0.0.1"), ushort.Parse(Setting("RABBITMQ_PORT", "5672")),
            Setting("RABBITMQ_VHOST", "/"), h =>
            {
                h.Username(Setting("RABBITMQ_USERNAME", "guest"));
                h.Password(Setting("RABBITMQ_PASSWORD", "guest"));
            });
        cfg.ConfigureEndpoints(context);
    });
});
var host = builder.Build();
await host.StartAsync();
Console.WriteLine("subscriber ready");
await host.WaitForShutdownAsync();
