using MergeBus.Bench.Distributed;

namespace MergeBus.Merge.Tests;

/// <summary>The bench's distributed row when it cannot run: one line saying what is missing, nothing started.</summary>
public sealed class BenchDistributedRowTests : IDisposable
{
    private readonly string emptyFolder = Directory.CreateTempSubdirectory("mergebus-bench-unpublished-").FullName;

    [Fact]
    public async Task The_distributed_row_names_the_unpublished_services_instead_of_running()
    {
        var row = await DistributedRow.MeasureAsync(quick: true, emptyFolder, TextWriter.Null, CancellationToken.None);

        var missing = Assert.IsType<string>(row.Missing);
        Assert.Contains($"the published services (Ingest, Fetcher, Mixer, Publisher not in {emptyFolder}", missing);
        Assert.DoesNotContain('\n', missing);
        Assert.Null(row.WallSeconds);
        Assert.Contains($"distributed: {missing}", new MergeBus.Bench.BenchReport
        {
            StartedUtc = DateTimeOffset.UtcNow, Command = "test", Quick = true, Cpu = "", LogicalCores = 1, Ffmpeg = "", Runtime = "",
            TotalSeconds = 0, Cases = [], Distributed = row,
        }.ToTable());
    }

    public void Dispose() => Directory.Delete(emptyFolder, recursive: true);
}
