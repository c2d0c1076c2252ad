using MergeBus.Protocol.Jobs;
using MergeBus.Steps;

namespace MergeBus.Publisher.Components.Consumers;

public sealed class RecordMergeFailureConsumerDefinition(StepRetrySettings retry) : StepConsumerDefinition<RecordMergeFailureConsumer>(StepEndpoints.RecordMergeFailure, retry);
