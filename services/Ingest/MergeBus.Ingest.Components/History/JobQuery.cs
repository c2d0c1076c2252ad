namespace MergeBus.Ingest.Components.History;

/// <summary>GET /jobs filters. Times bound the submission time; <see cref="Error"/> matches part of the last error.</summary>
public sealed record JobQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public string? State { get; init; }
    public string? Room { get; init; }
    public string? Session { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string? Error { get; init; }
    public int Limit { get; init; } = DefaultLimit;
    /// <summary>The decoded cursor: only jobs sorting after it (older).</summary>
    public string? After { get; init; }
}

/// <summary>One page of jobs, newest first. <see cref="Source"/> says where the answer came from.</summary>
public sealed record JobPage(IReadOnlyList<JobSummary> Jobs, string? NextCursor, HistorySource Source);

/// <summary>A job's summary and its whole history (every event, oldest first).</summary>
public sealed record JobDetail(JobSummary Summary, IReadOnlyList<HistoryEntry> History, HistorySource Source);

public sealed record HistoryEntry(long Version, DateTimeOffset At, string Type, object Data);

/// <summary>Where an answer came from: "history" (PostgreSQL, kept for good) or "redis" (the saga store, for its retention).</summary>
public sealed record HistorySource(string Name, string Note)
{
    public const string HistoryName = "history";
    public const string RedisName = "redis";

    public static readonly HistorySource History = new(HistoryName, "job history from PostgreSQL (mergebus.history)");

    public static HistorySource Redis(TimeSpan retention) => new(RedisName,
        $"no job history configured (mergebus.history.connection_string is empty): answered from the Redis saga store, " +
        $"which keeps a finished job for {retention.TotalDays:0.#} days; attempts, workers and the timeline are not kept there");
}

public interface IJobHistoryReader
{
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken);
    Task<JobDetail?> GetAsync(string jobId, CancellationToken cancellationToken);
}
