using MergeBus.Protocol.Jobs;

namespace MergeBus.Ingest.Components;

public interface IJobSubmitter
{
    /// <summary>
    /// Hands a job to the saga. A master key in the job goes to the key vault, never further.
    /// Submitting the same job id again is harmless: the saga ignores it.
    /// </summary>
    /// <exception cref="MergeBus.Protocol.PermanentMergeException">The job itself is unusable.</exception>
    Task SubmitAsync(MergeJob job, JobOverrides? overrides, CancellationToken cancellationToken);
}
