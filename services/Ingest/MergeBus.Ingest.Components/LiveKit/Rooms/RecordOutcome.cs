namespace MergeBus.Ingest.Components.LiveKit.Rooms;

/// <summary>What recording one webhook event did.</summary>
public enum RecordOutcome
{
    /// <summary>Stored: new for its room.</summary>
    Stored,

    /// <summary>An event with this id was stored before: nothing changed.</summary>
    Repeat,

    /// <summary>The room's job is queued or the room failed: a late event, kept out (nothing changed).</summary>
    Closed,

    /// <summary>This event took the room past the events-per-room limit: the room failed now.</summary>
    LimitReached,

    /// <summary>The room had already failed at the events-per-room limit.</summary>
    OverLimit,
}
