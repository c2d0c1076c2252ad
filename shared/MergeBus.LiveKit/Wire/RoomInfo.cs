namespace MergeBus.LiveKit.Wire;

/// <summary>The part of LiveKit's <c>Room</c> the intake reads.</summary>
public sealed record RoomInfo
{
    public string Sid { get; init; } = "";
    public string Name { get; init; } = "";
}
