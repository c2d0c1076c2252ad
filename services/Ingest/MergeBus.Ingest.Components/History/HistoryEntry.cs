namespace MergeBus.Ingest.Components.History;

public sealed record HistoryEntry(long Version, DateTimeOffset At, string Type, object Data);
