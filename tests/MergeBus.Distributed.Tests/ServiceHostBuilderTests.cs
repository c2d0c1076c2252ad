using MergeBus.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;

namespace MergeBus.Distributed.Tests;

public sealed class ServiceHostBuilderTests
{
    [Fact]
    public void A_service_host_reads_its_appsettings_files_once_and_watches_none_of_them()
    {
        var builder = ServiceHostBuilder.Create([]);

        var files = ((IConfigurationBuilder)builder.Configuration).Sources.OfType<FileConfigurationSource>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.ReloadOnChange, $"{file.Path} is reloaded on change"));
    }
}
