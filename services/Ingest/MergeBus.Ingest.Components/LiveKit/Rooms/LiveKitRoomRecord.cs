namespace MergeBus.Ingest.Components.LiveKit.Rooms;

/// <summary>
/// What support reads about one LiveKit room (<c>GET /livekit/rooms/{sid}</c>): never an event body or a secret.
/// </summary>
public sealed record LiveKitRoomRecord
{
    public required string RoomSid { get; init; }
    public string RoomName { get; init; } = "";
    public required string State { get; init; }
    /// <summary>Why the room failed; empty otherwise.</summary>
    public string Reason { get; init; } = "";
    /// <summary>Events stored (repeats not counted).</summary>
    public int Events { get; init; }
    public DateTimeOffset? FirstEventAt { get; init; }
    public DateTimeOffset? LastEventAt { get; init; }
    /// <summary>The job pushed for the room (or failed in its status key).</summary>
    public string JobId { get; init; } = "";
    public string ManifestKey { get; init; } = "";
    /// <summary>Warnings of the manifest build: audio tracks not recorded, video ignored, failed egresses.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>A room_finished event has arrived.</summary>
    public bool Finished { get; init; }
    /// <summary>When ListEgress was asked about the room, if it was.</summary>
    public DateTimeOffset? LookedUpAt { get; init; }
}
