using MassTransit;
using MergeBus.Protocol.Jobs;

namespace MergeBus.Steps;

/// <summary>
/// A step's endpoint: transient errors are retried in-process with backoff (no broker-side delays: our RabbitMQ has
/// no delayed-message plugin); when retries run out, MassTransit publishes Fault&lt;T&gt; and the saga counts a failed try.
/// </summary>
public abstract class StepConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly StepRetrySettings retry;

    protected StepConsumerDefinition(string endpointName, StepRetrySettings retry)
    {
        this.retry = retry;
        EndpointName = endpointName;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
            r.Exponential(retry.RetryCount, retry.MinInterval, retry.MaxInterval, retry.IntervalDelta));
        // The saga hears of the failure (Fault<T>) and retries or dead-letters the job itself; a copy of the command
        // in an _error queue would only be a second, unowned record of it.
        endpointConfigurator.DiscardFaultedMessages();
    }
}
