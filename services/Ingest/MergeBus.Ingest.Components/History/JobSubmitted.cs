namespace MergeBus.Ingest.Components.History;

// The events of one job's Marten stream (stream key: the job id). Stored as JSON: fields are only ever added.

/// <summary>The saga accepted the job.</summary>
public sealed record JobSubmitted(string JobId, string Source, string Room, string SessionId, string ManifestPath, DateTimeOffset At);
