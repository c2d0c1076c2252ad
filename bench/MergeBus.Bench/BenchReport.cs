using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MergeBus.Bench;

public sealed record BenchReport
{
    public required DateTimeOffset StartedUtc { get; init; }

    public required string Command { get; init; }

    public required bool Quick { get; init; }

    public required string Cpu { get; init; }

    public required int LogicalCores { get; init; }

    public required string Ffmpeg { get; init; }

    public required string Runtime { get; init; }

    public required double TotalSeconds { get; init; }

    public required IReadOnlyList<BenchCaseResult> Cases { get; init; }

    /// <summary>The speech/loudness analyzer alone (no decoding), per hour of one participant's audio.</summary>
    public AnalyzerCost? Analyzer { get; init; }

    public BenchLatency? Latency { get; init; }

    /// <summary>The latency section's distributed row: a session from S3 and back through the four service processes.</summary>
    public Distributed.BenchDistributed? Distributed { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The issue's memory goal for one whole mix, any length, up to 16 speakers.</summary>
    public const int MemoryGoalMb = 120;

    /// <summary>The issue's goals for `mergebus merge` end to end: a dense session within 1.3× its floor; 2 × 60 s in 0.6 s wall, 0.8 CPU s.</summary>
    public const double EndToEndFloorGoal = 1.3;

    public const double ShortSessionWallGoalSeconds = 0.6;

    public const double ShortSessionCpuGoalSeconds = 0.8;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToTable()
    {
        const double Mb = 1024.0 * 1024.0;
        var header = new[] { "case", "floor s", "wall s", "÷ floor", "CPU s", "floor CPU s", "peak RSS MB", "realtime ×", "bytes moved MB", "baseline wall s", "baseline CPU s", "baseline RSS MB", "ratio wall", "ratio CPU" };
        var rows = Cases.Select(c => new[]
        {
            c.Title,
            c.Floor is { } fl ? F(fl.WallSeconds, 2) : "-",
            F(c.Ours.WallSeconds, 2),
            c.FloorRatio is { } fr ? F(fr, 2) + "×" : "-",
            F(c.Ours.CpuSeconds, 2),
            c.Floor is { } fc ? F(fc.CpuSeconds, 2) : "-",
            F(c.Ours.PeakTreeRssBytes / Mb, 1),
            F(c.RealtimeFactor, 0),
            F(c.BytesMoved / Mb, 1),
            c.Baseline is { } b ? F(b.WallSeconds, 2) : "-",
            c.Baseline is { } b2 ? F(b2.CpuSeconds, 2) : "-",
            c.Baseline is { } b3 ? F(b3.PeakTreeRssBytes / Mb, 1) : "-",
            c.WallRatio is { } r ? F(r, 2) + "×" : "-",
            c.CpuRatio is { } r2 ? F(r2, 2) + "×" : "-",
        }).ToList();

        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.Append("| ").AppendJoin(" | ", cells.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).AppendLine(" |");
        if (rows.Count > 0)
        {
            Line(header);
            text.Append('|').AppendJoin('|', widths.Select((w, i) => i == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")).AppendLine("|");
            rows.ForEach(Line);
        }

        foreach (var c in Cases)
        {
            if (c.Id.StartsWith("d-", StringComparison.Ordinal))
            {
                var naive = c.Baseline is { } b ? string.Create(CultureInfo.InvariantCulture, $", naive ffmpeg {b.PeakTreeRssBytes / Mb:F1} MB") : "";
                var naivePss = c.Baseline is { } bp ? string.Create(CultureInfo.InvariantCulture, $", naive ffmpeg {bp.PeakTreePssBytes / Mb:F1} MB") : "";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{c.Title}: peak RSS ours {c.Ours.PeakTreeRssBytes / Mb:F1} MB (this process {c.Ours.PeakSelfRssBytes / Mb:F1} MB + ffmpeg children {c.Ours.PeakChildrenRssBytes / Mb:F1} MB){naive}; " +
                    $"peak PSS (shared libraries counted once) ours {c.Ours.PeakTreePssBytes / Mb:F1} MB{naivePss}.");
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{c.Title}: disk: inputs {c.InputBytes / Mb:F1} MB, outputs {c.OutputBytes / Mb:F1} MB; peak bytes in output+temp folders during the mix {c.Ours.PeakWorkingDiskBytes / Mb:F1} MB " +
                    $"(temp beyond the final output: {Math.Max(0, c.Ours.PeakWorkingDiskBytes - c.OutputBytes) / Mb:F1} MB; inputs are read in place).");
            }
        }

        var plain = Cases.FirstOrDefault(c => c.Id.StartsWith("e0-", StringComparison.Ordinal));
        var leveled = Cases.FirstOrDefault(c => c.Id.StartsWith("e-", StringComparison.Ordinal));
        if (plain is not null && leveled is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"leveling (speech): {leveled.Title} vs {plain.Title}: {leveled.Ours.WallSeconds - plain.Ours.WallSeconds:+0.00;-0.00} s wall, {leveled.Ours.CpuSeconds - plain.Ours.CpuSeconds:+0.00;-0.00} s CPU " +
                $"({100 * (leveled.Ours.CpuSeconds / Math.Max(plain.Ours.CpuSeconds, 1e-9) - 1):+0;-0} % CPU: the measuring pass, which decodes every input once and keeps its PCM for the mix), peak RSS {leveled.Ours.PeakTreeRssBytes / Mb:F1} MB vs {plain.Ours.PeakTreeRssBytes / Mb:F1} MB.");
        }

        if (Analyzer is { } analyzer)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"speech/loudness analyzer alone, per participant-hour of mono 48 kHz: {analyzer.IndexCpuSecondsPerHour:F2} s CPU for the speech index (every mix), " +
                $"{analyzer.LevelingCpuSecondsPerHour:F2} s with true peak (leveling); frame figures: {analyzer.BytesPerHour / Mb:F1} MB per participant-hour, kept on disk.");
        }

        if (Cases.Count > 0)
        {
            var largest = Cases.MaxBy(c => c.Ours.PeakTreeRssBytes)!;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"peak RSS (this process + children): largest {largest.Ours.PeakTreeRssBytes / Mb:F1} MB in {largest.Title}; goal ≤ {MemoryGoalMb} MB: {(largest.Ours.PeakTreeRssBytes / Mb <= MemoryGoalMb ? "met" : "NOT met")}");
        }

        foreach (var c in Cases.Where(c => c.EndToEnd))
        {
            var mixer = c.MixerMixSeconds is { } m
                ? string.Create(CultureInfo.InvariantCulture, $"the Mixer's own \"mixed in\" {m:F2} s ({c.MixerFloorRatio:F2}× the floor)")
                : "no \"mixed in\" line from the Mixer";
            var floor = c.Floor!;
            var goal = c.Id == BenchPlan.ShortEndToEndId
                ? string.Create(CultureInfo.InvariantCulture,
                    $"goal ≤ {ShortSessionWallGoalSeconds:F1} s wall and ≤ {ShortSessionCpuGoalSeconds:F1} CPU s: {(c.Ours.WallSeconds <= ShortSessionWallGoalSeconds && c.Ours.CpuSeconds <= ShortSessionCpuGoalSeconds ? "met" : "NOT met")}")
                : string.Create(CultureInfo.InvariantCulture, $"goal ≤ {EndToEndFloorGoal:F1}× the floor: {(c.FloorRatio <= EndToEndFloorGoal ? "met" : "NOT met")}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"end to end, {c.Title}: `mergebus merge` exec→exit {c.Ours.WallSeconds:F2} s wall ({c.FloorRatio:F2}× the floor's {floor.WallSeconds:F2} s), " +
                $"{c.Ours.CpuSeconds:F2} CPU s (floor {floor.CpuSeconds:F2}), peak RSS {c.Ours.PeakTreeRssBytes / Mb:F1} MB; {mixer}; {goal}");
        }

        if (Latency is { } l)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"latency, {l.Session}, {l.Stack}: enqueue→completed p50 {l.MedianMilliseconds:F0} ms over {l.Milliseconds.Count} jobs " +
                $"({string.Join(", ", l.Milliseconds.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))}); first job of the fresh stack {l.ColdMilliseconds:F0} ms; " +
                $"goal p50 ≤ {BenchLatency.GoalMilliseconds:F0} ms: {(l.MedianMilliseconds <= BenchLatency.GoalMilliseconds ? "met" : "NOT met")}");
        }

        if (Distributed is { } d)
        {
            text.AppendLine(d.Missing is { } missing
                ? $"latency, {d.Session}, distributed: {missing}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"latency, {d.Session}, {d.Stack}: enqueue→completed {d.WallSeconds:F2} s, floor {d.FloorSeconds:F2} s, {d.FloorRatio:F2}× the floor " +
                    $"(goal ≤ {Bench.Distributed.BenchDistributed.GoalRatio}×: {(d.FloorRatio <= Bench.Distributed.BenchDistributed.GoalRatio ? "met" : "NOT met")}); " +
                    $"steps {string.Join(", ", d.StepMilliseconds.Select(p => $"{p.Key} {p.Value} ms"))}; first job of the fresh stack (2 × 10 s) {d.ColdJobSeconds:F2} s; " +
                    $"ready after exec {string.Join(", ", d.ReadyMilliseconds.Select(p => $"{p.Key} {p.Value:F0} ms"))}"));
        }

        foreach (var c in Cases)
        {
            foreach (var note in c.Notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"note {c.Title}: {note}");
            }
        }

        return text.ToString();
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
