using MergeBus.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);
var settings = builder.AddServiceDefaults();
builder.Services.AddMergeBusService(settings, ServiceRoles.Mixer);

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
