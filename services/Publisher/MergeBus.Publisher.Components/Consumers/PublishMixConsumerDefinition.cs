using MergeBus.Protocol.Jobs;
using MergeBus.Steps;

namespace MergeBus.Publisher.Components.Consumers;

public sealed class PublishMixConsumerDefinition(StepRetrySettings retry) : StepConsumerDefinition<PublishMixConsumer>(StepEndpoints.PublishMix, retry);
