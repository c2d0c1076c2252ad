namespace MergeBus.Protocol.Manifests;

/// <summary>
/// What placed an input on the mix timeline (the time map's <c>anchor</c>): the fork's first-packet clock sync,
/// the participant's join time, or, for stock LiveKit track egress, the file's first RTP packet
/// (<c>FileInfo.started_at</c>), which the LiveKit intake writes as <c>joined_at</c> with <c>"anchor": "egress_started_at"</c>.
/// </summary>
public static class AlignmentAnchors
{
    public const string ClockSync = "clock_sync";
    public const string JoinedAt = "joined_at";
    public const string EgressStartedAt = "egress_started_at";

    public static IReadOnlyList<string> All { get; } = [ClockSync, JoinedAt, EgressStartedAt];
}
