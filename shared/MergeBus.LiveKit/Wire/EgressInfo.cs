namespace MergeBus.LiveKit.Wire;

/// <summary>
/// The part of LiveKit's <c>EgressInfo</c> the intake reads. The request itself is not kept: its upload section
/// can hold storage credentials. Only the track id is taken from it.
/// </summary>
public sealed record EgressInfo
{
    public string EgressId { get; init; } = "";
    public string RoomId { get; init; } = "";
    public string RoomName { get; init; } = "";
    /// <summary><see cref="EgressStatuses"/> name; STARTING when absent (the enum's zero value).</summary>
    public string Status { get; init; } = EgressStatuses.Starting;
    /// <summary>When the request was set up (Unix ns), not when media started: never an alignment anchor.</summary>
    public long StartedAt { get; init; }
    public long EndedAt { get; init; }
    public long UpdatedAt { get; init; }
    public string Error { get; init; } = "";
    /// <summary>From <c>request.track.track_id</c>, or the single audio route's track id of a v2 request.</summary>
    public string TrackId { get; init; } = "";
    /// <summary>The file path template asked for, when the request carries one (for a {publisher_identity} lookup).</summary>
    public string RequestedFilepath { get; init; } = "";
    public IReadOnlyList<EgressFileInfo> FileResults { get; init; } = [];
}
