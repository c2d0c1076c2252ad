using MergeBus.Cli.Commands;
using Microsoft.Extensions.Configuration;

namespace MergeBus.Merge.Tests;

/// <summary>Issue 22: `mergebus run` starts its host as the service hosts do, without a reload-on-change watcher.</summary>
public sealed class RunCommandHostTests
{
    [Fact]
    public void The_run_commands_host_reads_its_appsettings_files_once_and_watches_none_of_them()
    {
        var builder = RunCommand.CreateHostBuilder();

        var files = ((IConfigurationBuilder)builder.Configuration).Sources.OfType<FileConfigurationSource>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.ReloadOnChange, $"{file.Path} is reloaded on change"));
    }
}
