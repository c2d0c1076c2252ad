namespace MergeBus.Redis.Queue;

/// <summary>
/// Key names around the egress's job list. <see cref="Queue"/> is the egress's own (spec §1); the others are
/// MergeBus additions that make a claim survive a crash of the instance holding it. They carry the queue's full
/// name as their hash tag, so on Redis Cluster they share the queue's slot and one Lua script may touch them all.
/// </summary>
public static class EgressQueueKeys
{
    /// <summary>The egress RPUSHes job JSON here; we take from the left, so it stays FIFO.</summary>
    public const string Queue = "livekit:egress:merge:queue";

    /// <summary>Hash tag that places a key in <see cref="Queue"/>'s slot (the queue's name has no braces, so its slot is its whole name's).</summary>
    private const string QueueSlot = "{" + Queue + "}";

    /// <summary>Entries claimed and not yet acknowledged.</summary>
    public const string Processing = QueueSlot + ":processing";

    /// <summary>Sorted set: claim id → claim time (Redis server clock, Unix ms).</summary>
    public const string Claims = QueueSlot + ":claims";

    /// <summary>Hash: claim id → the claimed entry, so an expired claim can be put back.</summary>
    public const string ClaimEntries = QueueSlot + ":claims:entries";

    /// <summary>Counter that hands out claim ids.</summary>
    public const string ClaimSequence = QueueSlot + ":claims:seq";

    /// <summary>Entries that can never be processed, as <c>{"entry","reason","at"}</c> JSON.</summary>
    public const string Dead = QueueSlot + ":dead";
}
