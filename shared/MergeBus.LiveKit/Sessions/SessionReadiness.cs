namespace MergeBus.LiveKit.Sessions;

/// <summary>The verdict of <see cref="RoomSession.Evaluate"/>.</summary>
public sealed record SessionReadiness
{
    public SessionState State { get; init; }
    /// <summary>One line: why it waits, or why it failed.</summary>
    public string Reason { get; init; } = "";
    /// <summary>Audio egresses not ended yet (the ids to look up when <see cref="SessionState.NeedsLookup"/>).</summary>
    public IReadOnlyList<string> PendingEgressIds { get; init; } = [];
    /// <summary>When to evaluate again, if waiting on time; null when only an event can move it on.</summary>
    public DateTimeOffset? RecheckAt { get; init; }
}
