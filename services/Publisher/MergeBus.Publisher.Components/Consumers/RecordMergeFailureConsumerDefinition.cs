using MassTransit;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Publisher.Components.Consumers;

public sealed class RecordMergeFailureConsumerDefinition : ConsumerDefinition<RecordMergeFailureConsumer>
{
    private readonly StepRetrySettings retry;

    public RecordMergeFailureConsumerDefinition(StepRetrySettings retry)
    {
        this.retry = retry;
        EndpointName = "record-merge-failure";
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecordMergeFailureConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
            r.Exponential(retry.RetryCount, retry.MinInterval, retry.MaxInterval, retry.IntervalDelta));
    }
}
