namespace MergeBus.Ingest.Components.History;

public interface IJobHistoryReader
{
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken);
    Task<JobDetail?> GetAsync(string jobId, CancellationToken cancellationToken);
}
