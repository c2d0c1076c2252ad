using FFMpegCore;
using FFMpegCore.Exceptions;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Ogg;
using MergeBus.Protocol;

namespace MergeBus.Media.Probing;

/// <summary>Ogg Opus through <see cref="OpusTimeline"/> (the only way to see holes); anything else through ffprobe.</summary>
public sealed class FfprobeTrackProbe : ITrackProbe
{
    public async Task<TrackProbe> ProbeAsync(string localPath, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(localPath);
        if (!File.Exists(localPath) || new FileInfo(localPath).Length == 0)
        {
            throw new PermanentMergeException($"{name}: not a readable audio file (missing or empty)");
        }

        if (OpusTimeline.LooksLikeOggOpus(localPath))
        {
            var timeline = await Task.Run(() => OpusTimeline.Read(localPath), cancellationToken).ConfigureAwait(false);
            return FromTimeline(timeline);
        }

        return await ProbeWithFfprobeAsync(localPath, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The probe facts of an Ogg Opus file, from its timeline (one read of its pages, every CRC checked).</summary>
    public static TrackProbe FromTimeline(OpusTimeline timeline) => new()
    {
        Codec = "opus",
        Container = "ogg",
        SampleRate = 48000,
        Channels = timeline.Channels,
        TimelineSamples48k = timeline.EndSamples,
        AudioSamples48k = timeline.AudioSamples,
        IsOggOpus = true,
        AudioRuns = [.. timeline.Segments.Select(s => (s.TimelineStart, s.Length))],
        OverlapsCorrected = timeline.OverlapsCorrected,
    };

    /// <summary>ffprobe through FFMpegCore; the binary comes from MERGEBUS_FFPROBE or the PATH, as for every ffmpeg run.</summary>
    private static async Task<TrackProbe> ProbeWithFfprobeAsync(string localPath, string name, CancellationToken cancellationToken)
    {
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(localPath, ffOptions: Options.Value, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is FFMpegException or FormatException or System.Text.Json.JsonException)
        {
            throw new PermanentMergeException($"{name}: not a readable audio file (ffprobe: {Reason(e)})", e);
        }

        var audio = analysis.PrimaryAudioStream;
        if (audio is null || audio.SampleRateHz is not > 0 || audio.Channels is not > 0)
        {
            throw new PermanentMergeException($"{name}: not a readable audio file (ffprobe: no audio stream)");
        }

        var duration = audio.Duration > TimeSpan.Zero ? audio.Duration : analysis.Format.Duration;
        if (duration <= TimeSpan.Zero)
        {
            throw new PermanentMergeException($"{name}: not a readable audio file (ffprobe: no duration)");
        }

        // Decoders run with -copyts, so audio that starts late in its container starts late in the mix too.
        var start = audio.StartTime > TimeSpan.Zero ? audio.StartTime
            : analysis.Format.StartTime > TimeSpan.Zero ? analysis.Format.StartTime : TimeSpan.Zero;
        return new TrackProbe
        {
            Codec = string.IsNullOrEmpty(audio.CodecName) ? "unknown" : audio.CodecName,
            Container = string.IsNullOrEmpty(analysis.Format.FormatName) ? "unknown" : analysis.Format.FormatName,
            SampleRate = audio.SampleRateHz.GetValueOrDefault(),
            Channels = audio.Channels.GetValueOrDefault(),
            TimelineSamples48k = (long)Math.Round((start + duration).TotalSeconds * 48000),
            AudioSamples48k = (long)Math.Round(duration.TotalSeconds * 48000),
            IsOggOpus = false,
            AudioRuns = [((long)Math.Round(start.TotalSeconds * 48000), (long)Math.Round(duration.TotalSeconds * 48000))],
        };
    }

    private static readonly Lazy<FFOptions> Options = new(() =>
    {
        var ffprobe = FfmpegBinaries.Ffprobe;
        var folder = Path.GetDirectoryName(ffprobe);
        return new FFOptions { BinaryFolder = string.IsNullOrEmpty(folder) ? "" : folder };
    });

    /// <summary>ffprobe's own first error line, else the exception's; one line either way.</summary>
    private static string Reason(Exception e)
    {
        var text = e is FFMpegException { Message.Length: > 0 } ? e.Message : e.GetType().Name;
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length > 200 ? line[..200] : line;
    }
}
