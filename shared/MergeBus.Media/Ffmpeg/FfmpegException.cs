namespace MergeBus.Media.Ffmpeg;

/// <summary>ffmpeg/ffprobe exited non-zero. <see cref="Exception.Message"/> is one line taken from stderr.</summary>
public sealed class FfmpegException(string tool, int exitCode, string reason, string stderrTail)
    : Exception($"{tool} exited with code {exitCode}: {reason}")
{
    public int ExitCode { get; } = exitCode;

    /// <summary>One line: the most telling stderr line.</summary>
    public string Reason { get; } = reason;

    /// <summary>The last few KB of stderr, for diagnostics.</summary>
    public string StderrTail { get; } = stderrTail;
}
