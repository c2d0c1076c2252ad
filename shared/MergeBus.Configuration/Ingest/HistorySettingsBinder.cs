namespace MergeBus.Configuration.Ingest;

/// <summary>mergebus.history: the PostgreSQL job history's connection string (empty: off), schema and retention.</summary>
public static class HistorySettingsBinder
{
    public static ConfigurationKeys Keys { get; } = new(
        "mergebus.history.connection_string", "mergebus.history.schema", "mergebus.history.retention");

    public static HistorySettings Bind(ConfigurationValues values) => new()
    {
        ConnectionString = values.Get("mergebus.history.connection_string") ?? "",
        Schema = values.Get("mergebus.history.schema") ?? new HistorySettings().Schema,
        Retention = values.Duration("mergebus.history.retention", new HistorySettings().Retention),
    };
}
