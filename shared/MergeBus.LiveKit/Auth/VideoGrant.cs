namespace MergeBus.LiveKit.Auth;

/// <summary>The <c>video</c> grant of a LiveKit access token: what the server API call may do.</summary>
public sealed record VideoGrant
{
    /// <summary>Egress calls, ListEgress among them.</summary>
    public bool RoomRecord { get; init; }
    public bool RoomAdmin { get; init; }
    public bool RoomList { get; init; }
    public string? Room { get; init; }
}
