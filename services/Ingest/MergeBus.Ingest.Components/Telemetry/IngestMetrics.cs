using System.Diagnostics.Metrics;
using MergeBus.Ingest.Components.StateMachines;

namespace MergeBus.Ingest.Components.Telemetry;

/// <summary>
/// The job counters and step histogram of the "Merge Worker Metrics" (seed): moved by the saga as it publishes
/// its public events. Static, like the events themselves: the saga is built by MassTransit, not by us.
/// </summary>
public static class IngestMetrics
{
    public const string MeterName = "MergeBus.Ingest";

    /// <summary>Reason classes of a dead-lettered job: retrying could not help, or the tries ran out.</summary>
    public const string BadInput = "bad_input";
    public const string RetriesExhausted = "retries_exhausted";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Started = Meter.CreateCounter<long>("mergebus.jobs.started", "{job}", "Jobs the saga accepted");
    private static readonly Counter<long> Completed = Meter.CreateCounter<long>("mergebus.jobs.completed", "{job}", "Jobs whose mix was published");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("mergebus.jobs.dead_lettered", "{job}",
        "Jobs that failed for good, by reason class (bad_input, retries_exhausted) and step");
    private static readonly Counter<long> Retried = Meter.CreateCounter<long>("mergebus.jobs.retried", "{job}", "Dead-lettered jobs support ran again");
    private static readonly Counter<long> FailedTries = Meter.CreateCounter<long>("mergebus.jobs.failed_attempts", "{attempt}",
        "Failed tries of finished jobs");
    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("mergebus.step.duration", "s",
        "Time a finished job spent in each step, failed tries included",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800] });

    public static void JobStarted(string source) => Started.Add(1, new KeyValuePair<string, object?>("source", source));

    public static void JobRetried() => Retried.Add(1);

    public static void JobCompleted(MergeJobState saga)
    {
        Completed.Add(1);
        Finished(saga);
    }

    public static void JobDeadLettered(MergeJobState saga)
    {
        DeadLettered.Add(1,
            new KeyValuePair<string, object?>("reason_class", saga.PermanentFailure ? BadInput : RetriesExhausted),
            new KeyValuePair<string, object?>("step", saga.Step));
        Finished(saga);
    }

    private static void Finished(MergeJobState saga)
    {
        if (saga.FailedAttempts > 0) FailedTries.Add(saga.FailedAttempts);
        foreach (var (step, milliseconds) in saga.StepDurationsMs)
            StepDuration.Record(milliseconds / 1000.0, new KeyValuePair<string, object?>("step", step));
    }
}
