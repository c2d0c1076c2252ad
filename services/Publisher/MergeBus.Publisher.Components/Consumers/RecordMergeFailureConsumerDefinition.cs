using MergeBus.Protocol.Jobs;
using MergeBus.Steps;

namespace MergeBus.Publisher.Components.Consumers;

public sealed class RecordMergeFailureConsumerDefinition(StepRetrySettings retry) : StepConsumerDefinition<RecordMergeFailureConsumer>("record-merge-failure", retry);
