namespace MergeBus.Redis.Queue;

public sealed record EgressQueueOptions
{
    /// <summary>
    /// How often an empty queue is checked. The shared multiplexer must not carry blocking pops, so we poll:
    /// 50 ms keeps pick-up latency well under the 250 ms target for about 20 cheap commands a second.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Claims older than this are presumed abandoned and go back to the front of the queue.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Dead-list entries keep at most this many characters of an entry that is not JSON.</summary>
    public int MaxDeadEntryChars { get; init; } = 2048;
}
