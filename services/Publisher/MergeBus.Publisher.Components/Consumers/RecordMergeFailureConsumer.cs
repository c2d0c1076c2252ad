using MassTransit;
using MergeBus.Contracts;

namespace MergeBus.Publisher.Components.Consumers;

public sealed class RecordMergeFailureConsumer(IMixPublisher publisher) : IConsumer<RecordMergeFailure>
{
    public async Task Consume(ConsumeContext<RecordMergeFailure> context)
    {
        await publisher.RecordFailureAsync(context.Message, context.CancellationToken);
        await context.Publish(new MergeFailureRecorded { JobId = context.Message.JobId });
    }
}
