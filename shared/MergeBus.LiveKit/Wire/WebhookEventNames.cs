namespace MergeBus.LiveKit.Wire;

/// <summary>The <c>WebhookEvent.event</c> values the intake reads; LiveKit sends others, which are kept but change nothing.</summary>
public static class WebhookEventNames
{
    public const string RoomStarted = "room_started";
    public const string RoomFinished = "room_finished";
    public const string TrackPublished = "track_published";
    public const string TrackUnpublished = "track_unpublished";
    public const string EgressStarted = "egress_started";
    public const string EgressUpdated = "egress_updated";
    public const string EgressEnded = "egress_ended";
}
