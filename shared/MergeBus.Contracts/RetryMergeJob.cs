namespace MergeBus.Contracts;

/// <summary>Support asks to run a dead-lettered job again, from the start, with a fresh attempt budget.</summary>
public record RetryMergeJob
{
    public required string JobId { get; init; }
}
