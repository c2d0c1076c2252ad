using MassTransit;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Mixer.Components.Consumers;

public sealed class MixTracksConsumerDefinition : ConsumerDefinition<MixTracksConsumer>
{
    private readonly StepRetrySettings retry;

    public MixTracksConsumerDefinition(StepRetrySettings retry, MixerSettings mixer)
    {
        this.retry = retry;
        EndpointName = "mix-tracks";
        // Mixing is CPU-bound: by default one job per core, and no more messages held than jobs running.
        ConcurrentMessageLimit = mixer.ConcurrentJobs;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MixTracksConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
            r.Exponential(retry.RetryCount, retry.MinInterval, retry.MaxInterval, retry.IntervalDelta));
    }
}
