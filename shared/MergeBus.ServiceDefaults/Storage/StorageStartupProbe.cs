using MergeBus.Storage.Transfers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MergeBus.ServiceDefaults.Storage;

/// <summary>Opens the store as the host starts: a refused credential or a missing bucket ends the process then, not per job.</summary>
public sealed class StorageStartupProbe(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<MergeStores>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
