namespace MergeBus.Ingest.Components.LiveKit.Webhook;

/// <summary>
/// The webhook events a room session is built from. LiveKit sends many more (participant_joined, …): those are
/// answered 200 and not stored, so they never count towards the events-per-room limit.
/// </summary>
public static class LiveKitEventTypes
{
    public const string RoomStarted = "room_started";
    public const string RoomFinished = "room_finished";
    public const string TrackPublished = "track_published";
    public const string EgressStarted = "egress_started";
    public const string EgressUpdated = "egress_updated";
    public const string EgressEnded = "egress_ended";

    public static readonly IReadOnlySet<string> Kept = new HashSet<string>(StringComparer.Ordinal)
    {
        RoomStarted, RoomFinished, TrackPublished, EgressStarted, EgressUpdated, EgressEnded,
    };
}
