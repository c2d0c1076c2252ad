using MassTransit;
using MergeBus.Configuration.Outputs;
using MergeBus.Fetcher.Components.Consumers;
using MergeBus.Media.Probing;
using MergeBus.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Fetcher.Components;

public static class FetcherExtensions
{
    /// <summary>
    /// The Fetcher: its consumer and definition (fetch-inputs), the prober, the input fetcher and the janitor of
    /// work folders left by a killed Fetcher. Storage, key vault, limits and worker settings come from the host.
    /// </summary>
    public static IServiceCollection AddFetcher(this IServiceCollection services)
    {
        services.TryAddSingleton<OutputSettings>(); // the host's mergebus.outputs, when it registers them, win
        services.TryAddSingleton<ITrackProbe, FfprobeTrackProbe>();
        services.TryAddSingleton<IInputFetcher, InputFetcher>();
        services.AddHostedService<FetchWorkFolderJanitor>();
        services.AddBusComponent(bus => bus.AddConsumer<FetchInputsConsumer, FetchInputsConsumerDefinition>());
        return services;
    }
}
