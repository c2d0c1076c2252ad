using System.Diagnostics;

namespace MergeBus.Ingest.Components.Telemetry;

/// <summary>
/// The root span of a job's trace: the queue claim. MassTransit carries its context on every message from here on,
/// so the saga and the Fetcher, Mixer and Publisher spans of the job join the same trace.
/// </summary>
public static class IngestTracing
{
    public const string SourceName = "MergeBus.Ingest";
    public const string JobIdTag = "mergebus.job_id";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A new trace for a claimed queue entry (never a child of whatever ran before).</summary>
    public static Activity? StartQueueClaim(string jobId)
    {
        // Parent-less on purpose: the claim loop's own context must not chain jobs into one trace.
        Activity.Current = null;
        var activity = Source.StartActivity("queue claim", ActivityKind.Consumer, parentContext: default);
        activity?.SetTag(JobIdTag, jobId);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", MergeBus.Redis.Queue.EgressQueueKeys.Queue);
        return activity;
    }
}
