using MassTransit;
using MergeBus.Fetcher.Components.Consumers;
using MergeBus.Media.Probing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Fetcher.Components;

public static class FetcherExtensions
{
    /// <summary>The Fetcher's services. Storage, key vault, limits and worker settings come from the host.</summary>
    public static IServiceCollection AddFetcherServices(this IServiceCollection services)
    {
        services.TryAddSingleton<ITrackProbe, FfprobeTrackProbe>();
        services.TryAddSingleton<IInputFetcher, InputFetcher>();
        return services;
    }

    public static void AddFetcherConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<FetchInputsConsumer, FetchInputsConsumerDefinition>();
}
