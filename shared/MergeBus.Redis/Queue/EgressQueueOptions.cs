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

    /// <summary>
    /// <c>mergebus.limits.max_queue_entry_bytes</c>: a longer entry is dead-listed by the claim script itself, so its
    /// bytes never reach this process (one 50 MB id once cost Ingest 6 GB).
    /// </summary>
    public int MaxEntryBytes { get; init; } = 64 * 1024;

    /// <summary><c>mergebus.limits.max_id_length</c>: the longest job id or session id, in characters.</summary>
    public int MaxIdChars { get; init; } = 256;

    /// <summary><c>mergebus.limits.max_path_length</c>: the longest manifest_path, in characters.</summary>
    public int MaxPathChars { get; init; } = 1024;

    /// <summary><c>mergebus.limits.max_dead_entries</c>: the dead list keeps this many newest records.</summary>
    public int MaxDeadEntries { get; init; } = 10_000;

    /// <summary>Dead-list records keep at most this many characters of an entry.</summary>
    public int MaxDeadEntryChars { get; init; } = 2048;
}
