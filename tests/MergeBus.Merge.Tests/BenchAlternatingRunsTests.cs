using MergeBus.Bench;

namespace MergeBus.Merge.Tests;

/// <summary>The (c) rows run ours and the floor in turns and show each side's median run (issue 22).</summary>
public sealed class BenchAlternatingRunsTests
{
    [Fact]
    public void A_side_of_alternating_runs_is_its_median_run_by_wall_time_not_its_best()
    {
        var median = AlternatingRuns.Median([Run(2.30, 3.9), Run(2.05, 3.4), Run(2.11, 3.6)]);

        Assert.Equal(2.11, median.WallSeconds);
        Assert.Equal(3.6, median.CpuSeconds);
    }

    [Fact]
    public void A_side_of_alternating_runs_carries_the_largest_peak_of_any_run()
    {
        var median = AlternatingRuns.Median([Run(2.30, 3.9, rssMb: 95), Run(2.05, 3.4, rssMb: 80), Run(2.11, 3.6, rssMb: 82)]);

        Assert.Equal(95L << 20, median.PeakTreeRssBytes);
    }

    [Fact]
    public void Every_scale_row_of_both_runs_alternates_three_runs_of_each_side()
    {
        foreach (var quick in new[] { false, true })
        {
            var scale = BenchPlan.Create(quick).SelectMany(s => s.Cases).Where(c => c.Id.StartsWith("c-scale-", StringComparison.Ordinal)).ToList();

            Assert.NotEmpty(scale);
            Assert.All(scale, c => Assert.Equal(BenchPlan.ScalePairs, c.Pairs));
        }
    }

    [Fact]
    public void The_note_lists_every_run_of_both_sides_in_the_order_they_ran()
    {
        var note = AlternatingRuns.Describe([Run(2.30, 3.9), Run(2.05, 3.4)], [Run(1.70, 2.4), Run(1.95, 2.5)]);

        Assert.Contains("ours 2.30 s (3.90 CPU s), 2.05 s (3.40 CPU s); floor 1.70 s (2.40 CPU s), 1.95 s (2.50 CPU s)", note);
    }

    private static RunMeasurement Run(double wall, double cpu, long rssMb = 80) => new()
    {
        WallSeconds = wall,
        CpuSeconds = cpu,
        SelfCpuSeconds = cpu,
        ChildrenCpuSeconds = 0,
        SamplerCpuSeconds = 0,
        PeakTreeRssBytes = rssMb << 20,
        PeakChildrenRssBytes = 0,
        PeakSelfRssBytes = rssMb << 20,
        PeakTreePssBytes = rssMb << 20,
        PeakChildrenPssBytes = 0,
        ChildrenMaxRssEverBytes = 0,
        PeakWorkingDiskBytes = 0,
        SyscallReadBytes = 0,
        SyscallWrittenBytes = 0,
        RssSamples = 1,
    };
}
