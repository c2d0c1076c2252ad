namespace MergeBus.LiveKit.Sessions;

/// <summary>
/// What a track egress file holds, by extension. Track egress is passthrough: an Opus track is written as Ogg,
/// a VP8/VP9 track as WebM, an H.264 track as MP4 (livekit/egress TrackOutputTypes), so for a track egress
/// .webm and .mp4 mean video.
/// </summary>
internal static class FileKinds
{
    private static readonly HashSet<string> Video = new(StringComparer.OrdinalIgnoreCase)
        { ".webm", ".mp4", ".ivf", ".h264", ".mkv", ".ts", ".m3u8" };

    public static bool LooksLikeVideo(string path) =>
        path.Length > 0 && Video.Contains(Path.GetExtension(path));
}
