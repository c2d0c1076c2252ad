namespace MergeBus.Bench;

public sealed record BenchOptions
{
    public bool Quick { get; init; }

    public string Command { get; init; } = "mergebus bench";

    /// <summary>Progress lines (which case, elapsed). The table is not written here.</summary>
    public TextWriter Progress { get; init; } = TextWriter.Null;

    /// <summary>Where sessions are generated; default: a fresh folder under the system temp folder, removed afterwards.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Runs only the cases whose id contains this text (e.g. "b-per_participant"); null: every case.</summary>
    public string? CaseFilter { get; init; }

    /// <summary>
    /// The program and leading arguments that run `mergebus` (the CLI the benchmark itself runs from), for the
    /// end-to-end cases; without it they are skipped.
    /// </summary>
    public IReadOnlyList<string>? MergeCommand { get; init; }

    /// <summary>No mix case at all (e.g. only the caller's latency part).</summary>
    public bool SkipCases { get; init; }
}
