namespace MergeBus.Ingest.Components;

/// <summary>
/// How long a job's own master key is kept: until the job completes, or this long, which is never shorter than
/// the saga's retention, so that support can still retry a dead-lettered encrypted job.
/// </summary>
public sealed record JobKeyLifetime(TimeSpan Value)
{
    public static JobKeyLifetime ForSagaRetention(TimeSpan sagaRetention) => new(sagaRetention + TimeSpan.FromDays(1));
}
