namespace MergeBus.Ingest.Components.History;

/// <summary>A step gave up on one try; <see cref="Permanent"/> means retrying cannot help.</summary>
public sealed record StepFailed(
    string JobId, string Step, int Attempt, DateTimeOffset At, string Reason, bool Permanent, string WorkerId, string Host, int Try = 0);
