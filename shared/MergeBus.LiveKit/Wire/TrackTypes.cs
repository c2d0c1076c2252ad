namespace MergeBus.LiveKit.Wire;

/// <summary>
/// LiveKit's <c>TrackType</c> names. AUDIO is the enum's zero value, so protobuf JSON leaves it out: a track
/// without a type is an audio track.
/// </summary>
public static class TrackTypes
{
    public const string Audio = "AUDIO";
    public const string Video = "VIDEO";
    public const string Data = "DATA";

    internal static readonly string[] ByNumber = [Audio, Video, Data];
}
