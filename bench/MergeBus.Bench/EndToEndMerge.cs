using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MergeBus.Bench;

/// <summary>
/// `mergebus merge` as a user runs it: a child process of the benchmark, timed from exec to exit. Its CPU is the
/// child's rusage (getrusage RUSAGE_CHILDREN, which holds its own ffmpeg children too), its memory the peak RSS of
/// the process tree. The Mixer's own "mixed in" figure is read from its log line, to be printed beside the user's.
/// </summary>
internal static partial class EndToEndMerge
{
    /// <summary>Raises only the Mixer's log category to Information: its one summary line per job, nothing else.</summary>
    private const string MixerLogLevel = "Logging__LogLevel__MergeBus.Mixer.Components.TrackMixer";

    /// <param name="tempDirectory">The child's TMPDIR (its run folder lands there and is counted); only the child's
    /// environment is changed, never this process's.</param>
    public static async Task<(EndToEndRun Run, RunMeasurement Measurement)> RunAsync(IReadOnlyList<string> command, string manifestPath, string layout,
        string tempDirectory, IReadOnlyList<string> watchedFolders, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The command line a user types: no --json (its record costs a little more to build), the plain lines parsed.
        foreach (var argument in command.Skip(1).Concat(["merge", manifestPath, "--layout", layout]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[MixerLogLevel] = "Information";
        start.Environment["TMPDIR"] = tempDirectory;
        start.Environment.Remove("MERGE_TMP_DIR");
        var stdout = "";
        var stderr = "";
        var exitCode = -1;
        var (_, measurement) = await Measurement.RunAsync(async () =>
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start");
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            stdout = await output.ConfigureAwait(false);
            stderr = await errors.ConfigureAwait(false);
            exitCode = process.ExitCode;
            return 0;
        }, countSelf: false, watchedFolders).ConfigureAwait(false);

        if (exitCode != 0)
        {
            var reason = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            throw new InvalidOperationException($"mergebus merge {manifestPath} --layout {layout} exited {exitCode}: {reason}");
        }

        var mix = OggOpusLine().Match(stdout);
        if (!mix.Success)
        {
            throw new InvalidOperationException($"mergebus merge {manifestPath} printed no ogg_opus artifact");
        }

        var seconds = double.Parse(mix.Groups["seconds"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        var mixed = MixedIn().Match(stderr);
        return (new EndToEndRun(
            (long)Math.Round(seconds * 48_000),
            long.Parse(mix.Groups["bytes"].Value, CultureInfo.InvariantCulture),
            mixed.Success ? double.Parse(mixed.Groups[1].Value, CultureInfo.InvariantCulture) / 1000 : null), measurement);
    }

    /// <summary>`ogg_opus: PATH (59.987 s, 683008 bytes)`, the line `mergebus merge` prints for the mix.</summary>
    [GeneratedRegex(@"^ogg_opus: .* \((?<seconds>\d+[.,]\d+) s, (?<bytes>\d+) bytes\)\s*$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex OggOpusLine();

    [GeneratedRegex(@"mixed in (\d+) ms", RegexOptions.CultureInvariant)]
    private static partial Regex MixedIn();
}

/// <summary>What one end-to-end merge printed: the mix's length and size, and the Mixer's own mix time (null when its line is missing).</summary>
internal sealed record EndToEndRun(long TimelineSamples, long OutputBytes, double? MixerMixSeconds);
