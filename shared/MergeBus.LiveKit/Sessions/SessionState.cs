namespace MergeBus.LiveKit.Sessions;

/// <summary>Where a room session stands; see <see cref="RoomSession.Evaluate"/>.</summary>
public enum SessionState
{
    /// <summary>No room_finished yet.</summary>
    Open,
    /// <summary>room_finished arrived; waiting for settle_min, or for audio egresses to end (until settle_after).</summary>
    Settling,
    /// <summary>Every audio egress has ended and settle_min has passed: build the manifest.</summary>
    Ready,
    /// <summary>settle_after passed with audio egresses not ended: ask LiveKit's ListEgress about them.</summary>
    NeedsLookup,
    /// <summary>Nothing to merge, or files still missing after the lookup; <see cref="SessionReadiness.Reason"/> says which.</summary>
    Failed,
}
