using MergeBus.LiveKit.Wire;

namespace MergeBus.Ingest.Components.LiveKit.Webhook;

/// <summary>
/// The webhook events a room session is built from (names from <see cref="WebhookEventNames"/>). LiveKit sends many
/// more (participant_joined, …): those are answered 200 and not stored, so they never count towards the limit.
/// </summary>
public static class LiveKitEventTypes
{
    public static readonly IReadOnlySet<string> Kept = new HashSet<string>(StringComparer.Ordinal)
    {
        WebhookEventNames.RoomStarted, WebhookEventNames.RoomFinished, WebhookEventNames.TrackPublished,
        WebhookEventNames.TrackUnpublished, WebhookEventNames.EgressStarted, WebhookEventNames.EgressUpdated,
        WebhookEventNames.EgressEnded,
    };
}
