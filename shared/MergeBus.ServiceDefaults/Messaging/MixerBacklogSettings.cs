using MergeBus.Protocol.Jobs;

namespace MergeBus.ServiceDefaults.Messaging;

public static class MixerBacklogSettings
{
    /// <summary>The Mixer backlog reader for GET /queue: RabbitMQ's mix-tracks queue, or null on the in-memory bus.</summary>
    public static IMixerBacklog? MixerBacklog(this Configuration.MergeBusSettings settings) =>
        settings.Bus.Transport == BusSettings.RabbitMqTransport ? new RabbitMqMixerBacklog(settings.Bus.RabbitMq) : null;
}
