namespace MergeBus.Contracts;

public record StagedArtifact
{
    public required string Format { get; init; }
    public required string StagingKey { get; init; }
    public required string FinalKey { get; init; }
    public long Size { get; init; }
    /// <summary>Hex sha256 of the stored (possibly encrypted) bytes.</summary>
    public required string Sha256 { get; init; }
    public long DurationMs { get; init; }
    public int ChannelCount { get; init; }
    public int SampleRate { get; init; }
    /// <summary>Set on a stem (one person's aligned mono file): whose it is; null on the mix and the speech index.</summary>
    public string? ParticipantIdentity { get; init; }
}
