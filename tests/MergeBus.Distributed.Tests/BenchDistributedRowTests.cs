using MergeBus.Bench.Distributed;
using MergeBus.Distributed.Tests.Support;
using MergeBus.LoopbackServers;
using MergeBus.Steps;
using Xunit.Abstractions;

namespace MergeBus.Distributed.Tests;

/// <summary>
/// `mergebus bench`'s distributed row, run for real on its quick session: it starts its own servers and the four
/// services (here the build output, laid out as the publish is), merges from S3 and back, and reports every figure.
/// </summary>
public sealed class BenchDistributedRowTests(ITestOutputHelper output) : IDisposable
{
    private readonly string apps = Directory.CreateTempSubdirectory("mergebus-bench-apps-").FullName;

    [Fact]
    public async Task The_distributed_row_merges_its_quick_session_from_s3_and_reports_the_wall_the_floor_the_steps_and_each_ready_time()
    {
        foreach (var service in new[] { "Ingest", "Fetcher", "Mixer", "Publisher" })
        {
            Directory.CreateSymbolicLink(Path.Combine(apps, service.ToLowerInvariant()), Path.GetDirectoryName(ServiceProcess.HostDll(service))!);
        }

        var row = await DistributedRow.MeasureAsync(quick: true, apps, TextWriter.Null, CancellationToken.None);

        output.WriteLine($"{row.Missing} wall {row.WallSeconds} s, floor {row.FloorSeconds} s, {row.FloorRatio:F2}×, cold job {row.ColdJobSeconds} s; " +
            $"steps {string.Join(", ", row.StepMilliseconds)}; ready {string.Join(", ", row.ReadyMilliseconds)}");
        Assert.Null(row.Missing);
        Assert.True(row.WallSeconds > 0 && row.FloorSeconds > 0 && row.ColdJobSeconds > 0);
        Assert.All(new[] { MergeSteps.Fetch, MergeSteps.Mix, MergeSteps.Publish }, step => Assert.Contains(step, row.StepMilliseconds.Keys));
        // The saga's mix step lies inside the job's enqueue → completed.
        Assert.InRange(row.StepMilliseconds[MergeSteps.Mix], 1, row.WallSeconds!.Value * 1000);
        Assert.Equal(["fetcher", "ingest", "mixer", "publisher"], row.ReadyMilliseconds.Keys.Order());
    }

    public void Dispose()
    {
        // The links first, so that nothing behind them is deleted.
        foreach (var link in Directory.GetDirectories(apps))
        {
            Directory.Delete(link);
        }

        Directory.Delete(apps);
    }
}
