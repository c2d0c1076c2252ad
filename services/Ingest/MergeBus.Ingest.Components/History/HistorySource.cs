namespace MergeBus.Ingest.Components.History;

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
