using System.Diagnostics;

namespace MergeBus.Bench;

/// <summary>What one run cost. CPU is user+sys; <see cref="CpuSeconds"/> counts this process only when the run was ours.</summary>
public sealed record RunMeasurement
{
    public required double WallSeconds { get; init; }

    public required double CpuSeconds { get; init; }

    public required double SelfCpuSeconds { get; init; }

    public required double ChildrenCpuSeconds { get; init; }

    /// <summary>CPU of the benchmark's own RSS/PSS sampling thread, left out of <see cref="SelfCpuSeconds"/>.</summary>
    public required double SamplerCpuSeconds { get; init; }

    /// <summary>This process plus every descendant, summed per sample (~50 ms).</summary>
    public required long PeakTreeRssBytes { get; init; }

    public required long PeakChildrenRssBytes { get; init; }

    public required long PeakSelfRssBytes { get; init; }

    /// <summary>As <see cref="PeakTreeRssBytes"/>, in proportional set size: shared library pages are not counted once per ffmpeg.</summary>
    public required long PeakTreePssBytes { get; init; }

    public required long PeakChildrenPssBytes { get; init; }

    /// <summary>Largest single child ever reaped by this process (getrusage RUSAGE_CHILDREN), a cross-check of the sampler.</summary>
    public required long ChildrenMaxRssEverBytes { get; init; }

    /// <summary>Peak of the bytes held in the output and scratch folders during the run.</summary>
    public required long PeakWorkingDiskBytes { get; init; }

    /// <summary>read()/write() syscall bytes of this process and its reaped children, pipes included.</summary>
    public required long SyscallReadBytes { get; init; }

    public required long SyscallWrittenBytes { get; init; }

    public required int RssSamples { get; init; }
}

internal static class Measurement
{
    public static async Task<(T Value, RunMeasurement Measurement)> RunAsync<T>(
        Func<Task<T>> run, bool countSelf, IReadOnlyList<string> watchedFolders)
    {
        var before = ResourceSnapshot.Take();
        var clock = Stopwatch.StartNew();
        T value;
        ProcessTreeSampler sampler;
        await using (sampler = ProcessTreeSampler.Start(watchedFolders))
        {
            value = await run().ConfigureAwait(false);
            clock.Stop();
        }

        var after = ResourceSnapshot.Take();
        // The sampler runs in this process: its own thread's CPU is the benchmark's cost, not the mixer's.
        var self = Math.Max(0, (after.SelfCpu - before.SelfCpu).TotalSeconds - sampler.OwnCpuSeconds);
        var children = (after.ChildrenCpu - before.ChildrenCpu).TotalSeconds;
        return (value, new RunMeasurement
        {
            WallSeconds = clock.Elapsed.TotalSeconds,
            CpuSeconds = children + (countSelf ? self : 0),
            SelfCpuSeconds = self,
            ChildrenCpuSeconds = children,
            SamplerCpuSeconds = sampler.OwnCpuSeconds,
            PeakTreeRssBytes = countSelf ? sampler.PeakTreeRssBytes : sampler.PeakChildrenRssBytes,
            PeakChildrenRssBytes = sampler.PeakChildrenRssBytes,
            PeakSelfRssBytes = sampler.PeakSelfRssBytes,
            PeakTreePssBytes = countSelf ? sampler.PeakTreePssBytes : sampler.PeakChildrenPssBytes,
            PeakChildrenPssBytes = sampler.PeakChildrenPssBytes,
            ChildrenMaxRssEverBytes = after.ChildrenMaxRssKb * 1024,
            PeakWorkingDiskBytes = sampler.PeakFolderBytes,
            SyscallReadBytes = after.ReadChars - before.ReadChars,
            SyscallWrittenBytes = after.WrittenChars - before.WrittenChars,
            RssSamples = sampler.Samples,
        });
    }
}
