namespace MergeBus.Contracts;

/// <summary>Every input was verified and probed; <see cref="Plan"/> says what to mix and where each track lands.</summary>
public record InputsFetched
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    public required MixPlan Plan { get; init; }
    /// <summary>Bytes this moved through the worker; zero from senders that predate the field.</summary>
    public TransferCounts Transfer { get; init; } = new();
    /// <summary>MERGE_WORKER_ID of the Fetcher that did the work.</summary>
    public string WorkerId { get; init; } = "";
}
