using MergeBus.Protocol.Jobs;
using MergeBus.Steps;

namespace MergeBus.Fetcher.Components.Consumers;

public sealed class FetchInputsConsumerDefinition(StepRetrySettings retry) : StepConsumerDefinition<FetchInputsConsumer>("fetch-inputs", retry);
