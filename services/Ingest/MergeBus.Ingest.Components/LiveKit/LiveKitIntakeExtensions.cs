using MergeBus.Configuration.LiveKit;
using MergeBus.Ingest.Components.LiveKit.Jobs;
using MergeBus.Ingest.Components.LiveKit.Rooms;
using MergeBus.Ingest.Components.LiveKit.Settling;
using MergeBus.Ingest.Components.LiveKit.Twirp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MergeBus.Ingest.Components.LiveKit;

public static class LiveKitIntakeExtensions
{
    /// <summary>ListEgress gets this long to answer.</summary>
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The stock LiveKit intake (distributed Ingest): the room store, the settle loop, the ListEgress client and the
    /// job writer. <c>MapJobsApi</c> maps <c>POST /livekit/webhook</c> where this is registered.
    /// </summary>
    public static IServiceCollection AddLiveKitIntake(this IServiceCollection services, LiveKitSettings settings)
    {
        services.TryAddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LiveKitRoomStore>();
        services.TryAddScoped<LiveKitJobWriter>();
        services.TryAddScoped<LiveKitRoomSettlement>();
        services.AddHttpClient<ILiveKitEgressLookup, TwirpEgressLookup>(http => http.Timeout = LookupTimeout);
        services.AddHostedService<LiveKitRoomSettler>();
        return services;
    }
}
