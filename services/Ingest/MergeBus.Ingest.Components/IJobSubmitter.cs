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

/// <summary>What a caller of the API or CLI may choose beyond the egress job.</summary>
public sealed record JobOverrides(string? Layout = null, IReadOnlyList<string>? Formats = null, string Source = "api")
{
    /// <summary>Speaker leveling, off or speech (null: the manifest's, else the configured default).</summary>
    public string? Loudness { get; init; }
}
