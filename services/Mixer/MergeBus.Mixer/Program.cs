using MergeBus.Mixer.Components;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;

var builder = ServiceHostBuilder.Create(args);
var settings = builder.AddServiceDefaults();
builder.Services
    .AddMergeBusInfrastructure(settings)
    .AddMixer()
    .AddMergeBusMessaging(settings.Bus);

var app = builder.Build();
app.MapServiceDefaults("Mixer");
app.Run();
