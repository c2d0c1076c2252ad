using MergeBus.LiveKit.Wire;

namespace MergeBus.LiveKit.Sessions;

/// <summary>One egress of the room as the session sees it: the most advanced report of it, and what it is to the merge.</summary>
public sealed record SessionEgress
{
    public required EgressInfo Info { get; init; }
    public EgressRole Role { get; init; }
    /// <summary>Why it is ignored ("video track TR_x", "not a track egress"); empty for audio.</summary>
    public string IgnoredBecause { get; init; } = "";
    /// <summary>The recorded track, when a track event named it.</summary>
    public SessionTrack? Track { get; init; }

    public string EgressId => Info.EgressId;
    public string TrackId => Info.TrackId;
    public bool Ended => EgressStatuses.IsEnded(Info.Status);
    public bool Complete => Info.Status == EgressStatuses.Complete;
}
