using MergeBus.Ingest.Components;
using MergeBus.Ingest.Components.Api;
using MergeBus.ServiceDefaults.Hosting;
using MergeBus.ServiceDefaults.Messaging;

var builder = ServiceHostBuilder.Create(args);
var settings = builder.AddServiceDefaults();
builder.Services
    .AddMergeBusInfrastructure(settings)
    .AddIngest(new IngestOptions
    {
        WorkerId = settings.Worker.WorkerId, Bucket = settings.Storage.Bucket, Distributed = true,
        SagaRetention = settings.SagaRetention, StagingRetention = settings.StagingRetention, StalledJobs = settings.StalledJobs,
        Webhooks = settings.Webhooks, History = settings.History, Api = settings.Api, Queue = settings.Queue,
        MixerBacklog = settings.MixerBacklog(), LiveKit = settings.LiveKit,
    })
    .AddMergeBusMessaging(settings.Bus);
// Loopback unless ASPNETCORE_URLS (or --urls) says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(settings.Api.Listen);

var app = builder.Build();
app.MapServiceDefaults("Ingest");
app.MapJobsApi();
app.Run();
