namespace MergeBus.LiveKit.Wire;

/// <summary>The part of LiveKit's <c>WebhookEvent</c> the intake reads.</summary>
public sealed record WebhookEvent
{
    /// <summary>Unique per event: repeats of one delivery carry the same id.</summary>
    public string Id { get; init; } = "";
    /// <summary>A <see cref="WebhookEventNames"/> value (or another LiveKit event name).</summary>
    public string Event { get; init; } = "";
    /// <summary>Unix seconds.</summary>
    public long CreatedAt { get; init; }
    public RoomInfo? Room { get; init; }
    public ParticipantInfo? Participant { get; init; }
    public TrackInfo? Track { get; init; }
    public EgressInfo? EgressInfo { get; init; }

    /// <summary>The room sid this event belongs to: the room's, else the egress's.</summary>
    public string RoomSid => !string.IsNullOrEmpty(Room?.Sid) ? Room!.Sid : EgressInfo?.RoomId ?? "";

    public string RoomName => !string.IsNullOrEmpty(Room?.Name) ? Room!.Name : EgressInfo?.RoomName ?? "";
}
