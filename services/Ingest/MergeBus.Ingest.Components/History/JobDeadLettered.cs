namespace MergeBus.Ingest.Components.History;

public sealed record JobDeadLettered(string JobId, string Reason, int FailedAttempts, DateTimeOffset At);
