namespace MergeBus.Contracts;

/// <summary>Align and mix the planned tracks, and stage the encoded mix under <see cref="StagingPrefix"/>.</summary>
public record MixTracks
{
    public required string JobId { get; init; }
    /// <summary>The job's attempt: 1, plus one per failed attempt before it (the status key's retries + 1).</summary>
    public required int Attempt { get; init; }
    /// <summary>The saga's try number for this step: replies carrying an older one are stale and ignored.</summary>
    public int Try { get; init; }
    public required MixPlan Plan { get; init; }
    public required string StagingPrefix { get; init; }
}
