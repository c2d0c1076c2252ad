using MassTransit;
using MergeBus.Mixer.Components.Consumers;
using MergeBus.Mixer.Components.Mixing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Mixer.Components;

public static class MixerExtensions
{
    public static IServiceCollection AddMixerServices(this IServiceCollection services)
    {
        services.TryAddSingleton<MixerSettings>();
        services.TryAddSingleton<IRoomMixBuilder, RoomMixBuilder>();
        services.TryAddSingleton<ITrackMixer, TrackMixer>();
        services.AddHostedService<OpusLibraryCheck>();
        return services;
    }

    public static void AddMixerConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<MixTracksConsumer, MixTracksConsumerDefinition>();
}
