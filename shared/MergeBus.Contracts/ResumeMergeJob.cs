namespace MergeBus.Contracts;

/// <summary>
/// The stalled-job sweeper found the job's current step without progress for too long (its command may have been
/// lost with a crashed process): the saga sends that step's command again, for the same try.
/// </summary>
public record ResumeMergeJob
{
    public required string JobId { get; init; }
    public required int Try { get; init; }
}
