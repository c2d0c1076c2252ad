using MassTransit;
using MergeBus.Mixer.Components.Consumers;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Mixer.Components.WarmUp;
using MergeBus.Configuration.Mixer;
using MergeBus.Protocol.Jobs;
using MergeBus.Protocol.Manifests;
using MergeBus.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Mixer.Components;

public static class MixerExtensions
{
    /// <summary>
    /// The Mixer: its consumer and definition (mix-tracks: concurrency, prefetch, retry), the mix builder, the
    /// track mixer, the janitor of work folders left by a killed Mixer and, unless <paramref name="options"/> turn it
    /// off, the warm-up. Storage and key vault come from the host.
    /// </summary>
    public static IServiceCollection AddMixer(this IServiceCollection services, MixerOptions? options = null)
    {
        options ??= new MixerOptions();
        services.TryAddSingleton<MixerSettings>();
        services.TryAddSingleton(MergeLimits.Default); // the host's configured limits, when it registers them, win
        services.TryAddSingleton<IRoomMixBuilder, RoomMixBuilder>();
        services.TryAddSingleton<ITrackMixer, TrackMixer>();
        services.AddHostedService<MixWorkFolderJanitor>();
        services.AddBusComponent(bus => bus.AddConsumer<MixTracksConsumer, MixTracksConsumerDefinition>());
        services.AddHostedService<OpusLibraryCheck>();
        services.AddMixerGracefulShutdown();
        if (options.WarmUpAtStart)
        {
            services.TryAddSingleton<MixerWarmUpGate>();
            services.AddHostedService<MixerWarmUp>();
        }
        return services;
    }
}
