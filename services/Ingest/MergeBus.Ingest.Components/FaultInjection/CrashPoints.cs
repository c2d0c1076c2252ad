using System.Diagnostics;
using System.Globalization;

namespace MergeBus.Ingest.Components.FaultInjection;

/// <summary>
/// Fault injection for the crash tests: MERGEBUS_TEST_CRASH_AT=point:n makes this process kill itself (SIGKILL,
/// no cleanup) the n-th time it reaches the named point. Unset in production, where every call is a no-op.
/// </summary>
public static class CrashPoints
{
    public const string Variable = "MERGEBUS_TEST_CRASH_AT";
    /// <summary>An egress queue entry was claimed and not yet handed to the saga.</summary>
    public const string AfterClaim = "after-claim";
    /// <summary>SubmitMergeJob was published and the entry not yet acknowledged.</summary>
    public const string AfterHandOff = "after-hand-off";
    /// <summary>The saga's new state was saved and its commands and events not yet sent.</summary>
    public const string AfterSagaSave = "after-saga-save";
    /// <summary>The saga's new state was saved and its commands and events sent; the message not yet acknowledged.</summary>
    public const string AfterSagaSend = "after-saga-send";

    private static readonly (string Point, int Count)? Armed = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int hits;

    public static bool IsArmed(string point) => Armed?.Point == point;

    public static void Reached(string point)
    {
        if (Armed is not { } armed || armed.Point != point) return;
        if (Interlocked.Increment(ref hits) != armed.Count) return;
        Console.Error.WriteLine($"crash point {point} #{armed.Count} reached: killing this process");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var parts = value.Split(':', 2);
        var count = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
        return (parts[0], count);
    }
}
