using Microsoft.AspNetCore.Builder;

namespace MergeBus.ServiceDefaults.Hosting;

public static class ServiceHostBuilder
{
    /// <summary>The switch of the default host's appsettings reload, as a command-line setting.</summary>
    public const string NoConfigReload = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>
    /// <see cref="WebApplication.CreateBuilder(string[])"/> without reloading appsettings on change: our settings are
    /// read once (MergeBusSettingsLoader), and the reload's FileSystemWatcher watches the content root recursively,
    /// which in the images is the working directory, "/", every directory of which it enumerates at start.
    /// </summary>
    public static WebApplicationBuilder Create(string[] args) => WebApplication.CreateBuilder([.. args, NoConfigReload]);
}
