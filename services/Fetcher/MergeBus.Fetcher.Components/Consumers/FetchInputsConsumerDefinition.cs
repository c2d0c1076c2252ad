using MassTransit;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Fetcher.Components.Consumers;

public sealed class FetchInputsConsumerDefinition : ConsumerDefinition<FetchInputsConsumer>
{
    private readonly StepRetrySettings retry;

    public FetchInputsConsumerDefinition(StepRetrySettings retry)
    {
        this.retry = retry;
        EndpointName = "fetch-inputs";
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<FetchInputsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
            r.Exponential(retry.RetryCount, retry.MinInterval, retry.MaxInterval, retry.IntervalDelta));
    }
}
