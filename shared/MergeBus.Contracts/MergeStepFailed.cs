namespace MergeBus.Contracts;

/// <summary>A step gave up on this attempt. <see cref="Permanent"/> means retrying cannot help (bad input).</summary>
public record MergeStepFailed
{
    public required string JobId { get; init; }
    /// <summary>The job's attempt: 1, plus one per failed attempt before it (the status key's retries + 1).</summary>
    public required int Attempt { get; init; }
    /// <summary>The saga's try number for this step: replies carrying an older one are stale and ignored.</summary>
    public int Try { get; init; }
    /// <summary>fetch, mix or publish.</summary>
    public required string Step { get; init; }
    /// <summary>One line, safe to show: never a secret.</summary>
    public required string Reason { get; init; }
    public bool Permanent { get; init; }
    /// <summary>The work of an earlier step this one needs (the staged mix) is gone: the job must start again from fetch.</summary>
    public bool EarlierWorkGone { get; init; }
}
