namespace MergeBus.Media.Ffmpeg;

/// <summary>Where ffmpeg and ffprobe live: env MERGEBUS_FFMPEG / MERGEBUS_FFPROBE, else the PATH.</summary>
public static class FfmpegBinaries
{
    public static string Ffmpeg => Resolve("MERGEBUS_FFMPEG", "ffmpeg");

    public static string Ffprobe => Resolve("MERGEBUS_FFPROBE", "ffprobe");

    private static string Resolve(string variable, string name)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var fileName = OperatingSystem.IsWindows() ? name + ".exe" : name;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // Let Process.Start report the miss with its own clear error.
        return fileName;
    }
}
