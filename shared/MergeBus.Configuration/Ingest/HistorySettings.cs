namespace MergeBus.Configuration.Ingest;

/// <summary>
/// <c>mergebus.history.connection_string</c>: the PostgreSQL that keeps every job's history (Marten). Empty: the
/// API answers from the Redis saga store, which forgets a finished job after the saga retention.
/// </summary>
public sealed record HistorySettings
{
    public string ConnectionString { get; init; } = "";

    /// <summary>The PostgreSQL schema Marten keeps its tables in.</summary>
    public string Schema { get; init; } = "mergebus";

    /// <summary>
    /// <c>mergebus.history.retention</c>: a job with nothing recorded for this long is deleted from the history
    /// (its summary, events and dedupe marks), so the database does not grow without bound.
    /// </summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(90);

    public bool Enabled => ConnectionString.Length > 0;

    /// <summary>Safe for logs: host and database only, never the password.</summary>
    public override string ToString()
    {
        if (!Enabled) return "off (answers from the Redis saga store)";
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString };
        string Part(string key) => builder.TryGetValue(key, out var v) ? v?.ToString() ?? "" : "";
        return $"postgresql {Part("Host")}:{Part("Port")}/{Part("Database")}";
    }
}
