using MassTransit;
using MergeBus.Configuration.Mixer;
using MergeBus.Protocol.Jobs;
using MergeBus.Steps;

namespace MergeBus.Mixer.Components.Consumers;

public sealed class MixTracksConsumerDefinition : StepConsumerDefinition<MixTracksConsumer>
{
    private readonly MixerSettings mixer;

    public MixTracksConsumerDefinition(StepRetrySettings retry, MixerSettings mixer)
        : base(StepEndpoints.MixTracks, retry)
    {
        this.mixer = mixer;
        // Mixing is CPU-bound: by default one job per core, and no more messages held than jobs running.
        ConcurrentMessageLimit = mixer.ConcurrentJobs;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MixTracksConsumer> consumerConfigurator, IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        // The broker hands a Mixer no more jobs than it is set to hold; the others stay for the other Mixers.
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.PrefetchCount = mixer.PrefetchCount ?? mixer.ConcurrentJobs;
    }
}
