using System.CommandLine;
using System.Globalization;
using MergeBus.Bench;
using MergeBus.Bench.Distributed;

namespace MergeBus.Cli.Commands;

/// <summary>`mergebus bench [--quick] [--json PATH]`: the published benchmark (docs/benchmarks.md).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Small sessions (1 min, memory case 10 min): under a minute in all" };
        var json = new Option<string?>("--json") { Description = "Where to write the results as JSON (default: out/bench/bench-<timestamp>.json)" };
        var keep = new Option<string?>("--work-dir") { Description = "Generate sessions here and keep them (default: a temp folder, removed afterwards)" };
        var only = new Option<string?>("--case") { Description = "Run only the cases whose id contains this text (e.g. b-per_participant); no latency part" };
        var latency = new Option<bool>("--latency") { Description = "Only the latency part: enqueue→completed of a 2 × 10 s session on the in-process stack, and of a 4 × 600 s session (quick: 60 s) on the distributed stack" };
        var command = new Command("bench", "Benchmark the mixer on synthetic sessions against a naive one-pass ffmpeg mix")
        {
            quick, json, keep, only, latency,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(quick), parse.GetValue(json), parse.GetValue(keep), parse.GetValue(only), parse.GetValue(latency), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool quick, string? jsonPath, string? workDirectory, string? caseFilter, bool latencyOnly, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var commandLine = "mergebus bench" + (quick ? " --quick" : "") + (caseFilter is null ? "" : $" --case {caseFilter}") + (latencyOnly ? " --latency" : "") + (jsonPath is null ? "" : $" --json {jsonPath}");
        var report = await BenchRunner.RunAsync(new BenchOptions
        {
            Quick = quick,
            Command = commandLine,
            Progress = Console.Error,
            WorkDirectory = workDirectory,
            CaseFilter = caseFilter,
            SkipCases = latencyOnly,
            MergeCommand = SelfCommand(),
        }, cancellationToken);
        if (caseFilter is null)
        {
            report = report with
            {
                Latency = await BenchLatencyRun.MeasureAsync(Console.Error, cancellationToken),
                Distributed = await DistributedRow.MeasureAsync(quick, null, Console.Error, cancellationToken),
            };
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine($"{commandLine} — {report.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC, {report.Cpu} ({report.LogicalCores} logical cores), {report.Ffmpeg}, {report.Runtime}");
        Console.Out.Write(report.ToTable());
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total {report.TotalSeconds:F1} s (synthesis included)"));

        var path = jsonPath ?? Path.Combine("out", "bench", $"bench-{started:yyyyMMdd-HHmmss}.json");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, report.ToJson(), cancellationToken);
        Console.Out.WriteLine($"json: {path}");
        return 0;
    }

    /// <summary>
    /// This very CLI, as it was started (`dotnet mergebus.dll` or the apphost), for the end-to-end cases: the bench
    /// times the binary `./mergebus merge` runs, never a `dotnet run` build.
    /// </summary>
    private static string[] SelfCommand()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var entry = Path.Combine(AppContext.BaseDirectory, "mergebus.dll");
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, entry] : [host];
    }
}
