namespace MergeBus.Configuration.Ingest;

/// <summary>mergebus.history: the PostgreSQL job history's connection string (empty: off) and schema.</summary>
public static class HistorySettingsBinder
{
    public static ConfigurationKeys Keys { get; } = new("mergebus.history.connection_string", "mergebus.history.schema");

    public static HistorySettings Bind(ConfigurationValues values) => new()
    {
        ConnectionString = values.Get("mergebus.history.connection_string") ?? "",
        Schema = values.Get("mergebus.history.schema") ?? new HistorySettings().Schema,
    };
}
