namespace MergeBus.LiveKit.Sessions;

/// <summary>What an egress of the room is to the merge.</summary>
public enum EgressRole
{
    /// <summary>A track egress of an audio track: waited for, and mixed when complete.</summary>
    Audio,
    /// <summary>A video track's egress, or not a track egress at all (room composite, web, ...): listed, never mixed.</summary>
    Ignored,
}
