namespace MergeBus.Protocol.Manifests;

/// <summary>One participant's input, placed on the mix timeline (spec §3).</summary>
public sealed record AlignedTrack
{
    public required ManifestParticipant Participant { get; init; }
    /// <summary>The chosen input (ogg_opus, else the first artifact).</summary>
    public required ManifestArtifact Artifact { get; init; }
    /// <summary>clock_sync.server_timestamp when &gt; 0, else joined_at; Unix ns.</summary>
    public long StartNs { get; init; }
    /// <summary>Where position 0 of the file's own timeline lands in the mix, in ns.</summary>
    public long OffsetNs { get; init; }
    /// <summary><see cref="OffsetNs"/> at 48 kHz, rounded to the nearest sample (half up).</summary>
    public long OffsetSamples48k { get; init; }
    public bool IsAgent { get; init; }
    /// <summary>What placed it: <see cref="AlignmentAnchors"/>.</summary>
    public string Anchor { get; init; } = AlignmentAnchors.JoinedAt;

    public string ParticipantId => Participant.ParticipantId;
    public string ParticipantIdentity => Participant.ParticipantIdentity;
    /// <summary>The person this track belongs to (<see cref="PersonKeys"/>).</summary>
    public string PersonKey => PersonKeys.Of(Participant.ParticipantIdentity, Participant.ParticipantId);
}
