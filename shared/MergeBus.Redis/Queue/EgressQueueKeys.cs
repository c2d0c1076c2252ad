namespace MergeBus.Redis.Queue;

/// <summary>
/// Key names around the egress's job list. <see cref="Queue"/> is the egress's own (spec §1); the others are
/// MergeBus additions that make a claim survive a crash of the instance holding it.
/// </summary>
public static class EgressQueueKeys
{
    /// <summary>The egress RPUSHes job JSON here; we take from the left, so it stays FIFO.</summary>
    public const string Queue = "livekit:egress:merge:queue";

    /// <summary>Entries claimed and not yet acknowledged.</summary>
    public const string Processing = "livekit:egress:merge:processing";

    /// <summary>Sorted set: claim id → claim time (Redis server clock, Unix ms).</summary>
    public const string Claims = "livekit:egress:merge:claims";

    /// <summary>Hash: claim id → the claimed entry, so an expired claim can be put back.</summary>
    public const string ClaimEntries = "livekit:egress:merge:claims:entries";

    /// <summary>Counter that hands out claim ids.</summary>
    public const string ClaimSequence = "livekit:egress:merge:claims:seq";

    /// <summary>Entries that can never be processed, as <c>{"entry","reason","at"}</c> JSON.</summary>
    public const string Dead = "livekit:egress:merge:dead";
}
