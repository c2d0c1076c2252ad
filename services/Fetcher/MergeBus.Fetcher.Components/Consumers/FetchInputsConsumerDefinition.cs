using MergeBus.Protocol.Jobs;
using MergeBus.Steps;

namespace MergeBus.Fetcher.Components.Consumers;

public sealed class FetchInputsConsumerDefinition(StepRetrySettings retry) : StepConsumerDefinition<FetchInputsConsumer>(StepEndpoints.FetchInputs, retry);
