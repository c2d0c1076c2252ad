namespace MergeBus.Bench;

public sealed record BenchCaseResult
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Layout { get; init; }

    public required int Participants { get; init; }

    public required double SessionSeconds { get; init; }

    public required IReadOnlyList<double> JoinOffsetsSeconds { get; init; }

    /// <summary>The mix timeline our builder produced.</summary>
    public required double AudioSeconds { get; init; }

    public required long InputBytes { get; init; }

    public required long OutputBytes { get; init; }

    /// <summary>Input files + output files.</summary>
    public long BytesMoved => InputBytes + OutputBytes;

    public double RealtimeFactor => Ours.WallSeconds > 0 ? AudioSeconds / Ours.WallSeconds : 0;

    public required RunMeasurement Ours { get; init; }

    /// <summary>libopus decode of every input + encode of every output stream, over all cores (see <see cref="Floor"/>).</summary>
    public RunMeasurement? Floor { get; init; }

    /// <summary>Ours / floor, wall time (the goal: ≤ 1.15 long sessions, ≤ 1.3 at 4 × 60 s).</summary>
    public double? FloorRatio => Floor is { WallSeconds: > 0 } f ? Ours.WallSeconds / f.WallSeconds : null;

    public double? OursOutputSeconds { get; init; }

    /// <summary>ffprobe + Ogg timeline of every input, sequentially, timed on its own after the run (part of ours' wall time).</summary>
    public double? InspectSeconds { get; init; }

    public RunMeasurement? Baseline { get; init; }

    public long? BaselineOutputBytes { get; init; }

    public double? BaselineOutputSeconds { get; init; }

    public string? BaselineCommand { get; init; }

    /// <summary>Ours / baseline, wall time.</summary>
    public double? WallRatio => Baseline is { WallSeconds: > 0 } b ? Ours.WallSeconds / b.WallSeconds : null;

    /// <summary>Ours / baseline, CPU time.</summary>
    public double? CpuRatio => Baseline is { CpuSeconds: > 0 } b ? Ours.CpuSeconds / b.CpuSeconds : null;

    /// <summary>Ours is `mergebus merge` as a child process, exec to exit (CPU: its rusage with its children; RSS: the tree).</summary>
    public bool EndToEnd { get; init; }

    /// <summary>End to end only: the Mixer's own "mixed in" figure from its log line, the internal figure beside the user's.</summary>
    public double? MixerMixSeconds { get; init; }

    /// <summary>The Mixer's own figure / floor, wall time.</summary>
    public double? MixerFloorRatio => MixerMixSeconds is { } m && Floor is { WallSeconds: > 0 } f ? m / f.WallSeconds : null;

    public IReadOnlyList<string> Notes { get; init; } = [];
}
