using MergeBus.Contracts;

namespace MergeBus.Publisher.Components;

public interface IMixPublisher
{
    /// <summary>Moves the staged mix to its final keys, records it in the manifest, and cleans staging.</summary>
    Task<PublishedMix> PublishAsync(PublishMix command, CancellationToken cancellationToken);

    /// <summary>Records a failed job in its manifest (when the manifest can be read) and cleans staging.</summary>
    Task RecordFailureAsync(RecordMergeFailure command, CancellationToken cancellationToken);
}
