using MergeBus.LiveKit.Wire;

namespace MergeBus.LiveKit.Sessions;

/// <summary>A published track of the room and whose it is, from track_published (or track_unpublished).</summary>
public sealed record SessionTrack
{
    public string Sid { get; init; } = "";
    public string ParticipantSid { get; init; } = "";
    public string Identity { get; init; } = "";
    public string ParticipantKind { get; init; } = "";
    /// <summary><see cref="TrackTypes"/> name.</summary>
    public string Type { get; init; } = TrackTypes.Audio;
    public string Source { get; init; } = "";
    public string Name { get; init; } = "";
    public string MimeType { get; init; } = "";

    public bool IsAudio => Type == TrackTypes.Audio;

    /// <summary>Fills what this copy lacks from another report of the same track; never overwrites.</summary>
    internal SessionTrack Merge(SessionTrack other) => this with
    {
        ParticipantSid = Pick(ParticipantSid, other.ParticipantSid),
        Identity = Pick(Identity, other.Identity),
        ParticipantKind = Pick(ParticipantKind, other.ParticipantKind),
        Source = Pick(Source, other.Source),
        Name = Pick(Name, other.Name),
        MimeType = Pick(MimeType, other.MimeType),
    };

    // Deterministic whatever the arrival order: the ordinal-smaller non-empty value.
    private static string Pick(string a, string b) =>
        a.Length == 0 ? b : b.Length == 0 ? a : string.CompareOrdinal(a, b) <= 0 ? a : b;
}
