namespace MergeBus.Protocol.Jobs;

/// <summary>The operator-facing status record: livekit:egress:merge:status:&lt;id&gt; (spec §1).</summary>
public interface IJobStatusStore
{
    Task<MergeJob?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Writes the record with the master key stripped, and the spec's 24 h TTL.</summary>
    Task SetAsync(MergeJob job, CancellationToken cancellationToken = default);
}
