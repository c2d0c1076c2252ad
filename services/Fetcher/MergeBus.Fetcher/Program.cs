using MergeBus.Fetcher.Components;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;

var builder = ServiceHostBuilder.Create(args);
var settings = builder.AddServiceDefaults();
builder.Services
    .AddMergeBusInfrastructure(settings)
    .AddFetcher()
    .AddMergeBusMessaging(settings.Bus);

var app = builder.Build();
app.MapServiceDefaults("Fetcher");
app.Run();
