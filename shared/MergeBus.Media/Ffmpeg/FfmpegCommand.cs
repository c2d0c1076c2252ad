namespace MergeBus.Media.Ffmpeg;

/// <summary>
/// One ffmpeg/ffprobe run. Arguments are passed as a list (never through a shell), so paths and
/// names need no quoting.
/// </summary>
public sealed record FfmpegCommand
{
    public required string Executable { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>When set, ffmpeg is started with <c>-progress pipe:2 -nostats</c> and this receives out_time.</summary>
    public Action<TimeSpan>? OnProgress { get; init; }

    public static FfmpegCommand Ffmpeg(params IEnumerable<string> arguments) =>
        new() { Executable = FfmpegBinaries.Ffmpeg, Arguments = ["-hide_banner", "-nostdin", .. arguments] };

    public static FfmpegCommand Ffprobe(params IEnumerable<string> arguments) =>
        new() { Executable = FfmpegBinaries.Ffprobe, Arguments = ["-hide_banner", .. arguments] };

    /// <summary>ffmpeg treats "x:..." as protocol x; the file: prefix makes any local path a plain file.</summary>
    public static string LocalFile(string path) => "file:" + Path.GetFullPath(path);
}
