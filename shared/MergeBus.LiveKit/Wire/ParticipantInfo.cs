namespace MergeBus.LiveKit.Wire;

/// <summary>The part of LiveKit's <c>ParticipantInfo</c> the intake reads.</summary>
public sealed record ParticipantInfo
{
    public string Sid { get; init; } = "";
    public string Identity { get; init; } = "";
    /// <summary>Kind name ("STANDARD", "AGENT", ...); STANDARD when absent (the enum's zero value).</summary>
    public string Kind { get; init; } = "STANDARD";
}
