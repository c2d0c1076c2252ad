namespace MergeBus.Redis.Queue;

/// <summary>An entry taken from the egress queue, held in the processing list until acked or dead-lettered.</summary>
/// <param name="ClaimId">Identifies this claim; an ack after the claim expired and was requeued is refused.</param>
/// <param name="Entry">The raw queue entry (job JSON, which may carry a master key).</param>
/// <param name="ClaimedAt">When the claim was made, by the Redis server's clock.</param>
public sealed record QueueClaim(string ClaimId, string Entry, DateTimeOffset ClaimedAt)
{
    /// <summary>The entry may carry a master key, so it is left out of the printed form.</summary>
    public override string ToString() => $"QueueClaim {{ ClaimId = {ClaimId}, ClaimedAt = {ClaimedAt:O}, EntryLength = {Entry.Length} }}";
}
