namespace MergeBus.Contracts;

/// <summary>A step gave up on this attempt. <see cref="Permanent"/> means retrying cannot help (bad input).</summary>
public record MergeStepFailed
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    /// <summary>fetch, mix or publish.</summary>
    public required string Step { get; init; }
    /// <summary>One line, safe to show: never a secret.</summary>
    public required string Reason { get; init; }
    public bool Permanent { get; init; }
}
