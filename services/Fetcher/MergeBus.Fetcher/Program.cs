using MergeBus.Fetcher.Components;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
var settings = builder.AddServiceDefaults();
builder.Services
    .AddMergeBusInfrastructure(settings)
    .AddFetcher()
    .AddMergeBusMessaging(settings.Bus);

var app = builder.Build();
app.MapServiceDefaults("Fetcher");
app.Run();
