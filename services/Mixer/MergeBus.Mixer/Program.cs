using MergeBus.Mixer.Components;
using MergeBus.Mixer.Components.WarmUp;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;

var builder = ServiceHostBuilder.Create(args);
var settings = builder.AddServiceDefaults();
// The warm-up first: hosted services start in order, and it should run beside the bus's start, not after it.
builder.Services
    .AddSingleton<MixerWarmUp>()
    .AddHostedService(services => services.GetRequiredService<MixerWarmUp>());
builder.Services
    .AddMergeBusInfrastructure(settings)
    .AddMixer()
    .AddMergeBusMessaging(settings.Bus);

var app = builder.Build();
app.MapServiceDefaults("Mixer");
app.Run();
