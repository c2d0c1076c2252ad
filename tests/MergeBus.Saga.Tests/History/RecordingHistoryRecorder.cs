using System.Collections.Concurrent;
using MergeBus.Ingest.Components.History;

namespace MergeBus.Saga.Tests.History;

/// <summary>
/// Keeps what the consumer hands the recorder, call by call (the PostgreSQL recorder and its once-per-key rule are
/// tested against a real server in Support.Tests). Call n (from 1) first runs <c>fault(n)</c>, which may throw.
/// </summary>
public sealed class RecordingHistoryRecorder(Action<int>? fault = null) : IJobHistoryRecorder
{
    private int calls;

    public ConcurrentQueue<(string JobId, string DedupeKey, IReadOnlyList<object> Events)> Recorded { get; } = new();

    public int Calls => Volatile.Read(ref calls);

    public Task RecordAsync(string jobId, string dedupeKey, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        fault?.Invoke(Interlocked.Increment(ref calls));
        Recorded.Enqueue((jobId, dedupeKey, events));
        return Task.CompletedTask;
    }
}
