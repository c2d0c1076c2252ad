using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MergeBus.Configuration.Mixer;
using Microsoft.Extensions.Hosting;

namespace MergeBus.Mixer.Components;

/// <summary>
/// SIGTERM on a Mixer: the host stops the bus, whose mix-tracks endpoint cancels its RabbitMQ consumer at once
/// (no new work; messages prefetched but not started go back to the queue). Mixes in hand go on for
/// <see cref="MixerSettings.ShutdownTimeout"/>. One that finishes is published and acked as usual. One that does
/// not is cancelled through its ConsumeContext token: MassTransit then treats the message as cancelled, not
/// failed, so it is not retried, no fault is published and no attempt is counted; the broker hands it to another
/// Mixer (the same attempt, so it overwrites the same staging keys). Nothing is lost; a mix is published once.
/// </summary>
public static class MixerShutdown
{
    /// <summary>Left between cancelling the mixes in hand and the host's own deadline, for the nack to reach the broker.</summary>
    public static readonly TimeSpan HandBackMargin = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddMixerGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<MassTransitHostOptions>().Configure<MixerSettings>((options, mixer) =>
            options.ConsumerStopTimeout = mixer.ShutdownTimeout);
        services.AddOptions<HostOptions>().Configure<MixerSettings>((options, mixer) =>
            options.ShutdownTimeout = mixer.ShutdownTimeout + HandBackMargin);
        return services;
    }
}
