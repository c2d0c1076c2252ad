using MergeBus.Bench;

namespace MergeBus.Merge.Tests;

/// <summary>
/// The bench's end-to-end row (issue 22): `mergebus merge` run as a child process, its CPU and memory read from the
/// child, the Mixer's own figure read beside it. Alone: its CPU figure is every child this process reaps meanwhile.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchEndToEndTests : IDisposable
{
    private readonly string workDirectory = Directory.CreateTempSubdirectory("mergebus-bench-e2e-").FullName;

    [Fact]
    public async Task The_end_to_end_row_charges_the_merge_process_and_its_children_and_quotes_the_mixers_own_figure()
    {
        var report = await BenchRunner.RunAsync(new BenchOptions
        {
            Quick = true,
            WorkDirectory = workDirectory,
            CaseFilter = BenchPlan.ShortEndToEndId,
            MergeCommand = ["dotnet", Path.Combine(AppContext.BaseDirectory, "mergebus.dll")],
        }, CancellationToken.None);

        var row = Assert.Single(report.Cases);
        Assert.True(row.EndToEnd);
        Assert.InRange(row.AudioSeconds, 59, 60.5);
        // A .NET process that starts a bus and mixes a minute of audio cannot cost less: a figure this small would
        // mean the child's rusage was not counted.
        Assert.True(row.Ours.CpuSeconds > 0.3, $"CPU {row.Ours.CpuSeconds:F3} s");
        Assert.True(row.Ours.PeakTreeRssBytes > 20 << 20, $"peak RSS {row.Ours.PeakTreeRssBytes} bytes");
        var mixed = Assert.NotNull(row.MixerMixSeconds);
        Assert.InRange(mixed, 0.001, row.Ours.WallSeconds);
        Assert.NotNull(row.Floor);
        Assert.Contains($"end to end, {row.Title}: `mergebus merge` exec→exit", report.ToTable());
    }

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);
}
