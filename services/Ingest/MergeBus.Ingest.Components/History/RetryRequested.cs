namespace MergeBus.Ingest.Components.History;

public sealed record RetryRequested(string JobId, string FromStep, DateTimeOffset At);
