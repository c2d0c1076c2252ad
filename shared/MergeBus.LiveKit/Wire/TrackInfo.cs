namespace MergeBus.LiveKit.Wire;

/// <summary>The part of LiveKit's <c>TrackInfo</c> the intake reads.</summary>
public sealed record TrackInfo
{
    public string Sid { get; init; } = "";
    /// <summary><see cref="TrackTypes"/> name; AUDIO when absent.</summary>
    public string Type { get; init; } = TrackTypes.Audio;
    /// <summary>Source name ("MICROPHONE", "SCREEN_SHARE_AUDIO", ...); "UNKNOWN" when absent.</summary>
    public string Source { get; init; } = "UNKNOWN";
    public string Name { get; init; } = "";
    public string MimeType { get; init; } = "";

    public bool IsAudio => Type == TrackTypes.Audio;
}
