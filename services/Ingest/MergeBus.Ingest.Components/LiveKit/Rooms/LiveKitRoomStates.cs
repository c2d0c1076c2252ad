namespace MergeBus.Ingest.Components.LiveKit.Rooms;

/// <summary>The states of a room record, named in one place.</summary>
public static class LiveKitRoomStates
{
    /// <summary>Events come in; the settle loop evaluates it.</summary>
    public const string Open = "open";

    /// <summary>Its manifest is written and its job is on the egress queue: today's pipeline has it.</summary>
    public const string Queued = "queued";

    /// <summary>It will never be merged; <c>reason</c> says why.</summary>
    public const string Failed = "failed";
}
