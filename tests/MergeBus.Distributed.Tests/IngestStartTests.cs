using System.Diagnostics;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Steps;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// Ingest's background work waits for the bus (issue 22: off the path to ready) and must still start: the staging
/// sweep runs once the service is up, not an hour later.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IngestStartTests(Cluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_staging_leftover_older_than_the_retention_is_swept_by_a_freshly_started_ingest()
    {
        await using var deployment = await cluster.NewDeploymentAsync("ingest-start");
        var leftover = StagingKeys.Root + "job-of-a-dead-process/try-1/mix.ogg";
        await deployment.Storage.PutAsync(leftover, new MemoryStream([1, 2, 3]));
        await Task.Delay(TimeSpan.FromSeconds(2)); // older than the retention below by the time Ingest looks
        deployment.With("MERGEBUS__STAGING_RETENTION", "1s");

        var ingest = await deployment.StartAsync("Ingest", "ingest");

        var clock = Stopwatch.StartNew();
        while (await deployment.Storage.StatAsync(leftover) is not null)
        {
            Assert.True(clock.Elapsed < Patience, $"the leftover is still there after {Patience}:\n{ingest.Tail}");
            await Task.Delay(100);
        }
        Assert.Contains(ingest.Lines, line => line.Contains("Removed 1 orphaned staging objects", StringComparison.Ordinal));
    }
}
