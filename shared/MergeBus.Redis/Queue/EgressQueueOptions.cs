namespace MergeBus.Redis.Queue;

public sealed record EgressQueueOptions
{
    /// <summary>
    /// How often an empty queue is checked when the queue has no blocking connection (a queue built on a single
    /// connection, e.g. in tests). With one, as Ingest runs it, a new entry wakes the claimer at once.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Claims older than this are presumed abandoned and go back to the front of the queue.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Dead-list entries keep at most this many characters of an entry that is not JSON.</summary>
    public int MaxDeadEntryChars { get; init; } = 2048;
}
