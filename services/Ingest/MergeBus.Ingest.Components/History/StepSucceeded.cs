namespace MergeBus.Ingest.Components.History;

/// <summary>A step finished one try.</summary>
public sealed record StepSucceeded(
    string JobId, string Step, int Attempt, DateTimeOffset At, string WorkerId, string Host, long BytesDownloaded, long BytesUploaded,
    int Try = 0);
