using MergeBus.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
var settings = builder.AddServiceDefaults();
builder.Services.AddMergeBusService(settings, ServiceRoles.Ingest);
// Loopback unless ASPNETCORE_URLS (or --urls) says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(settings.Api.Listen);

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
