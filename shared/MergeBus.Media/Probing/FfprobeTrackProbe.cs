using System.Globalization;
using System.Text.Json.Nodes;
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
            return new TrackProbe
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
        }

        return await ProbeWithFfprobeAsync(localPath, name, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<TrackProbe> ProbeWithFfprobeAsync(string localPath, string name, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = await FfmpegRunner.CaptureAsync(
                FfmpegCommand.Ffprobe(
                    "-v", "error",
                    "-select_streams", "a:0",
                    "-show_entries", "stream=codec_name,sample_rate,channels,start_time,duration:format=format_name,start_time,duration",
                    "-of", "json",
                    FfmpegCommand.LocalFile(localPath)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (FfmpegException e)
        {
            throw new PermanentMergeException($"{name}: not a readable audio file (ffprobe: {e.Reason})", e);
        }

        var root = JsonNode.Parse(json);
        var stream = root?["streams"]?.AsArray().FirstOrDefault();
        var format = root?["format"];
        var sampleRate = Number(stream?["sample_rate"]);
        var channels = Number(stream?["channels"]);
        if (stream is null || sampleRate is not > 0 || channels is not > 0)
        {
            throw new PermanentMergeException($"{name}: not a readable audio file (ffprobe: no audio stream)");
        }

        var duration = Number(stream["duration"]) ?? Number(format?["duration"]);
        if (duration is not > 0)
        {
            throw new PermanentMergeException($"{name}: not a readable audio file (ffprobe: no duration)");
        }

        // Decoders run with -copyts, so audio that starts late in its container starts late in the mix too.
        var start = Math.Max(0, Number(stream["start_time"]) ?? Number(format?["start_time"]) ?? 0);
        return new TrackProbe
        {
            Codec = stream["codec_name"]?.GetValue<string>() ?? "unknown",
            Container = format?["format_name"]?.GetValue<string>() ?? "unknown",
            SampleRate = (int)sampleRate.Value,
            Channels = (int)channels.Value,
            TimelineSamples48k = (long)Math.Round((start + duration.Value) * 48000),
            AudioSamples48k = (long)Math.Round(duration.Value * 48000),
            IsOggOpus = false,
            AudioRuns = [((long)Math.Round(start * 48000), (long)Math.Round(duration.Value * 48000))],
        };
    }

    /// <summary>ffprobe writes numbers as strings ("48000", "12.345000") or as JSON numbers.</summary>
    private static double? Number(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<double>(out var d) => d,
        JsonValue value when value.TryGetValue<string>(out var s)
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
