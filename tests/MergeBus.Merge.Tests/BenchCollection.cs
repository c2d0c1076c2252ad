namespace MergeBus.Merge.Tests;

/// <summary>
/// Tests that measure this process's children (getrusage RUSAGE_CHILDREN counts every child reaped, whoever started
/// it) run after the others, never beside a test that starts a CLI process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchCollection
{
    public const string Name = "bench";
}
