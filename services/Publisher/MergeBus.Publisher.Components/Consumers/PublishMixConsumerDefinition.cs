using MassTransit;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Publisher.Components.Consumers;

public sealed class PublishMixConsumerDefinition : ConsumerDefinition<PublishMixConsumer>
{
    private readonly StepRetrySettings retry;

    public PublishMixConsumerDefinition(StepRetrySettings retry)
    {
        this.retry = retry;
        EndpointName = "publish-mix";
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PublishMixConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
            r.Exponential(retry.RetryCount, retry.MinInterval, retry.MaxInterval, retry.IntervalDelta));
    }
}
