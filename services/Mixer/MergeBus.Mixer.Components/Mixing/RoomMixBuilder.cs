using MergeBus.Media.Ogg;
using MergeBus.Media.Probing;
using MergeBus.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Streaming mix: one ffmpeg decoder per input (f32le on stdout), C# placing every decoded sample at its
/// timeline position and summing into the layout's channels, one ffmpeg encoder (stdin) that limits and
/// writes every format. Memory is a few blocks per input, whatever the session length.
/// </summary>
public sealed class RoomMixBuilder(ITrackProbe probe, ILogger<RoomMixBuilder> logger) : IRoomMixBuilder
{
    /// <summary>0.25 s: small enough to keep memory flat, large enough that per-block overhead vanishes.</summary>
    internal const int BlockFrames = 12_000;

    public RoomMixBuilder()
        : this(new FfprobeTrackProbe(), NullLogger<RoomMixBuilder>.Instance)
    {
    }

    public async Task<MixResult> BuildAsync(MixRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        Validate(request);
        var sources = await InspectAsync(request.Inputs, cancellationToken).ConfigureAwait(false);
        var routing = ChannelRouting.Create(request.Layout, request.Inputs, [.. sources.Select(s => s.Channels)], request.ChannelCount);
        var formats = request.Formats.Distinct().Select(f => OutputFormat.Create(f, request.SampleRate, f == "ogg_opus" ? routing.PipeChannels : routing.OutputChannels)).ToList();

        Directory.CreateDirectory(request.OutputDirectory);
        var attempt = Guid.NewGuid().ToString("N")[..8];
        var outputs = formats
            .Select(f => (Format: f, Final: Path.Combine(request.OutputDirectory, $"{request.BaseName}.{f.Extension}")))
            .Select(o => (o.Format, o.Final, Partial: $"{o.Final}.partial-{attempt}"))
            .ToList();

        var session = new MixSession(sources, routing, progress, logger);
        var moved = new List<string>();
        try
        {
            var timeline = await session.RunAsync(EncoderCommand.Create(routing, [.. outputs.Select(o => (o.Format, o.Partial))]), cancellationToken).ConfigureAwait(false);
            foreach (var output in outputs)
            {
                if (routing.DualMono && output.Format.IsOpus)
                {
                    OpusHeadPatcher.DeclareStereo(output.Partial);
                }

                File.Move(output.Partial, output.Final, overwrite: true);
                moved.Add(output.Final);
            }

            var durationMs = (long)Math.Round(timeline / 48.0);
            return new MixResult(
                [.. outputs.Select(o => new MixOutput(o.Format.Name, o.Final, durationMs, routing.OutputChannels, o.Format.SampleRate))],
                routing.Assignments,
                timeline)
            {
                Warnings = session.Warnings,
            };
        }
        catch
        {
            foreach (var output in outputs)
            {
                TryDelete(output.Partial);
            }

            // A half-published set is still partial output.
            moved.ForEach(TryDelete);

            throw;
        }
    }

    private static void Validate(MixRequest request)
    {
        if (request.Inputs.Count == 0)
        {
            throw new PermanentMergeException("no participant audio to mix");
        }

        if (request.Formats.Count == 0)
        {
            throw new PermanentMergeException("no output format requested");
        }

        if (request.SampleRate is < 8000 or > 192_000)
        {
            throw new PermanentMergeException($"unsupported sample rate {request.SampleRate}");
        }

        if (string.IsNullOrWhiteSpace(request.BaseName) || request.BaseName.IndexOfAny(['/', '\\']) >= 0)
        {
            throw new ArgumentException("BaseName must be a plain file name", nameof(request));
        }
    }

    /// <summary>Reads every input's timeline before any process starts, so damaged files fail fast and cleanly.</summary>
    private async Task<List<TrackSource>> InspectAsync(IReadOnlyList<MixInput> inputs, CancellationToken cancellationToken)
    {
        var sources = new List<TrackSource>(inputs.Count);
        foreach (var input in inputs)
        {
            var probed = await probe.ProbeAsync(input.LocalPath, cancellationToken).ConfigureAwait(false);
            var timeline = probed.IsOggOpus ? OpusTimeline.Read(input.LocalPath) : null;
            if (timeline is { OverlapsCorrected: > 0 })
            {
                logger.LogWarning("Input {Index}: {Count} Ogg pages overlapped the previous page; placed right after it", sources.Count, timeline.OverlapsCorrected);
            }

            sources.Add(new TrackSource(input, probed, timeline));
        }

        return sources;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the caller still gets the original error.
        }
    }
}

/// <summary>An inspected input: probe facts and, for Ogg Opus, where each packet belongs.</summary>
internal sealed record TrackSource(MixInput Input, TrackProbe Probe, OpusTimeline? Timeline)
{
    public int Channels => Math.Clamp(Probe.Channels, 1, 2);

    public PlacedTrack Start(int blockFrames) => Timeline is { } timeline
        ? PlacedTrack.StartOggOpus(Input, timeline, blockFrames)
        : PlacedTrack.StartTimestamped(Input, Probe.Channels, Probe.TimelineSamples48k, blockFrames);
}
