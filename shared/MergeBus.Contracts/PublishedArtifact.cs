namespace MergeBus.Contracts;

public record PublishedArtifact
{
    public required string Format { get; init; }
    /// <summary>As the manifest lists it: the key, or a path relative to the manifest when the manifest uses those.</summary>
    public required string StorageUri { get; init; }
    public long Size { get; init; }
    /// <summary>Hex sha256 of the stored (possibly encrypted) bytes.</summary>
    public required string Sha256 { get; init; }
    public long DurationMs { get; init; }
    /// <summary>The object key in the bucket, below <c>storage.prefix</c>; empty from senders that predate the field.</summary>
    public string Key { get; init; } = "";
    public int ChannelCount { get; init; }
    public int SampleRate { get; init; }
    /// <summary>Set on a stem (one person's aligned mono file): whose it is; null on the mix and the speech index.</summary>
    public string? ParticipantIdentity { get; init; }
    /// <summary>Channel index → participant ids heard on that channel.</summary>
    public IReadOnlyList<ChannelAssignment> Channels { get; init; } = [];
}
