using MergeBus.Mixer.Components;
using MergeBus.Mixer.Components.WarmUp;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;

var builder = ServiceHostBuilder.Create(args);
var settings = builder.AddServiceDefaults();
builder.Services
    .AddMergeBusInfrastructure(settings)
    .AddMixer()
    .AddMergeBusMessaging(settings.Bus);
// Here, not in AddMixer: the CLI's one-job process would pay for it and gain nothing.
builder.Services.AddHostedService<MixerWarmUp>();

var app = builder.Build();
app.MapServiceDefaults("Mixer");
app.Run();
