using MassTransit;
using MergeBus.Storage.Transfers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MergeBus.ServiceDefaults.Storage;

/// <summary>
/// Opens the store as the host starts: a refused credential or a missing bucket ends the process then, not per job.
/// Registered before the other hosted services, so it is constructed first (the host builds them all before starting
/// any): the store's check then runs on the thread pool (<see cref="StorageStartupCheck"/>) while this thread builds the
/// rest, the bus above all. Its start waits for the verdict, and the bus's hosted service, after it, consumes nothing before.
/// </summary>
public sealed class StorageStartupProbe(MergeStores stores, StorageStartupCheck check, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Built here if no hosted service needed it yet: the same work, beside the check's round trip.
        services.GetService<IBusControl>();
        if (ReferenceEquals(check.Store, stores.Recordings)) await check.Answered.WaitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
