using System.Globalization;

namespace MergeBus.Bench;

/// <summary>
/// Ours and the floor run in turns (ours, floor, ours, floor, …), so both sides see the same phases of a busy
/// machine; each side's row figure is its median run by wall time, never the best of one side against the worst of
/// the other. Peaks (memory, disk) are the largest of any run: the goal holds for every run, not the typical one.
/// </summary>
public static class AlternatingRuns
{
    /// <summary>The run with the median wall time (the lower middle of an even count), with every run's peaks.</summary>
    public static RunMeasurement Median(IReadOnlyList<RunMeasurement> runs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        var median = runs.OrderBy(r => r.WallSeconds).ElementAt((runs.Count - 1) / 2);
        return median with
        {
            PeakTreeRssBytes = runs.Max(r => r.PeakTreeRssBytes),
            PeakChildrenRssBytes = runs.Max(r => r.PeakChildrenRssBytes),
            PeakSelfRssBytes = runs.Max(r => r.PeakSelfRssBytes),
            PeakTreePssBytes = runs.Max(r => r.PeakTreePssBytes),
            PeakChildrenPssBytes = runs.Max(r => r.PeakChildrenPssBytes),
            ChildrenMaxRssEverBytes = runs.Max(r => r.ChildrenMaxRssEverBytes),
            PeakWorkingDiskBytes = runs.Max(r => r.PeakWorkingDiskBytes),
        };
    }

    /// <summary>Every run of both sides, in the order they ran, for the report's notes.</summary>
    public static string Describe(IReadOnlyList<RunMeasurement> ours, IReadOnlyList<RunMeasurement> floor) => string.Create(CultureInfo.InvariantCulture,
        $"{ours.Count} alternating runs of ours and the floor, the row shows each side's median: ours {Runs(ours)}; floor {Runs(floor)}");

    private static string Runs(IReadOnlyList<RunMeasurement> runs) =>
        string.Join(", ", runs.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.WallSeconds:F2} s ({r.CpuSeconds:F2} CPU s)")));
}
