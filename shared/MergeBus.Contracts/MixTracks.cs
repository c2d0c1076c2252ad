namespace MergeBus.Contracts;

/// <summary>Align and mix the planned tracks, and stage the encoded mix under <see cref="StagingPrefix"/>.</summary>
public record MixTracks
{
    public required string JobId { get; init; }
    public required int Attempt { get; init; }
    public required MixPlan Plan { get; init; }
    public required string StagingPrefix { get; init; }
}
