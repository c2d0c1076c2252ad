namespace MergeBus.Contracts;

public record MergeFailureRecorded
{
    public required string JobId { get; init; }
}
