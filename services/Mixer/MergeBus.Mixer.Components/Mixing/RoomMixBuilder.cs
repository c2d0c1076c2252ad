using MergeBus.Configuration.Mixer;
using MergeBus.Media.Ogg;
using MergeBus.Media.Opus;
using MergeBus.Media.Probing;
using MergeBus.Mixer.Components.Leveling;
using MergeBus.Protocol;
using MergeBus.Protocol.Mixing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Streaming mix in one process: libopus decodes every Ogg Opus input (ffmpeg only what is not Ogg Opus), C#
/// places every decoded sample at its timeline position, sums into the layout's channels and limits, and libopus
/// encodes Ogg Opus (WAV at 48 kHz written directly; mp3, flac and other WAV rates by one ffmpeg encoder).
/// Memory is a few blocks per input, whatever the session length.
/// </summary>
public sealed class RoomMixBuilder(ITrackProbe probe, ILogger<RoomMixBuilder> logger, MixerSettings settings) : IRoomMixBuilder
{
    /// <summary>0.25 s: small enough to keep memory flat, large enough that per-block overhead vanishes.</summary>
    internal const int BlockFrames = 12_000;

    /// <summary>
    /// Pipe buffer asked for on every decoder and encoder pipe (Linux; default 64 KiB): fewer, larger transfers
    /// and wake-ups, and a decoder may run about 5 s of mono audio ahead. Measured: ≈ 10 % less CPU for a whole mix.
    /// </summary>
    internal const int PipeBytes = 1 << 20;

    /// <summary>Starts a decoder or encoder with large pipes.</summary>
    internal static MergeBus.Media.Ffmpeg.FfmpegProcess StartPiped(MergeBus.Media.Ffmpeg.FfmpegCommand command)
    {
        var process = MergeBus.Media.Ffmpeg.FfmpegProcess.Start(command);
        process.EnlargePipes(PipeBytes);
        return process;
    }

    public RoomMixBuilder()
        : this(new FfprobeTrackProbe(), NullLogger<RoomMixBuilder>.Instance, new MixerSettings())
    {
    }

    public async Task<MixResult> BuildAsync(MixRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        Validate(request);
        OpusLibrary.EnsureAvailable();

        // Reading every input's pages allocates ≈ 4 × their size, all of it garbage at once: the cap collects it as
        // it goes, so a long mix never carries that high-water mark (and no full collection stalls a short one).
        using var youngHeap = YoungHeapCap.Watch();
        var complexity = request.OpusComplexity ?? settings.OpusComplexity;
        var sources = await InspectAsync(request.Inputs, cancellationToken).ConfigureAwait(false);

        var people = MixPeople.Of(request.Inputs);
        var routing = ChannelRouting.Create(request.Layout, request.Inputs, [.. sources.Select(s => s.Channels)], request.ChannelCount);
        var formats = request.Formats.Distinct().Select(f => OutputFormat.Create(f, request.SampleRate, f == OutputFormats.OggOpus ? routing.PipeChannels : routing.OutputChannels)).ToList();

        Directory.CreateDirectory(request.OutputDirectory);
        var attempt = Guid.NewGuid().ToString("N")[..8];
        var outputs = formats
            .Select(f => (Format: f, Final: Path.Combine(request.OutputDirectory, $"{request.BaseName}{f.Extension}")))
            .Select(o => (o.Format, o.Final, Partial: $"{o.Final}.partial-{attempt}"))
            .ToList();

        // One mono file per person and format, beside the mix: the same partial/rename/cleanup rule.
        var stemFormats = request.Stems ? request.Formats.Distinct().Select(f => OutputFormat.Create(f, request.SampleRate, 1)).ToList() : [];
        var stems = Enumerable.Range(0, request.Stems ? people.Count : 0)
            .Select(p => stemFormats
                .Select(f => (Format: f, Final: Path.Combine(request.OutputDirectory, $"{request.BaseName}_{p:D3}{f.Extension}")))
                .Select(o => (o.Format, o.Final, Partial: $"{o.Final}.partial-{attempt}"))
                .ToList())
            .ToList();

        // Leveling measures every input first (the one decode, its PCM kept for the mix) and lowers the ceiling for its true-peak promise.
        using var speakers = await SpeakerAnalysis.PrepareAsync(sources, request, routing, people, cancellationToken).ConfigureAwait(false);
        if (request.Loudness.Levels)
        {
            routing.LimiterCeiling = Limiter.TruePeakSafeLimitLinear;
        }

        var speechIndexFinal = Path.Combine(request.OutputDirectory, $"{request.BaseName}.{ArtifactFormats.SpeechJsonFileName}");
        var speechIndexPartial = $"{speechIndexFinal}.partial-{attempt}";
        var edges = FragmentEdges.Of(speakers.Sources, people);
        Func<int, EncoderSet>? startStem = request.Stems
            ? p => EncoderSet.Start(ChannelRouting.MonoStem(routing.LimiterCeiling), [.. stems[p].Select(o => (o.Format, o.Partial))], Environment.ProcessorCount, complexity)
            : null;
        var session = new MixSession(speakers.Sources, routing, progress, speakers.MixAnalysis, request.Tap, logger, edges, people, startStem);
        var moved = new List<string>();
        try
        {
            var timeline = await session.RunAsync(
                () => EncoderSet.Start(routing, [.. outputs.Select(o => (o.Format, o.Partial))], Environment.ProcessorCount, complexity),
                cancellationToken).ConfigureAwait(false);
            foreach (var output in outputs)
            {
                if (routing.DualMono && output.Format.IsOpus)
                {
                    OpusHeadPatcher.DeclareStereo(output.Partial);
                }

                if (output.Format.Name == OutputFormats.WavPcm && routing.OutputChannels > 2)
                {
                    // ffmpeg writes the WAVs at other rates with no positions: one voice per channel needs them.
                    MergeBus.Media.Wav.DiscreteChannelMask.Declare(output.Partial, routing.OutputChannels);
                }

                File.Move(output.Partial, output.Final, overwrite: true);
                moved.Add(output.Final);
            }

            foreach (var stem in stems.SelectMany(s => s))
            {
                File.Move(stem.Partial, stem.Final, overwrite: true);
                moved.Add(stem.Final);
            }

            var levels = speakers.WriteIndex(speechIndexPartial);
            File.Move(speechIndexPartial, speechIndexFinal, overwrite: true);
            moved.Add(speechIndexFinal);

            var durationMs = (long)Math.Round(timeline / 48.0);
            return new MixResult(
                [.. outputs.Select(o => new MixOutput(o.Format.Name, o.Final, durationMs, routing.OutputChannels, o.Format.SampleRate))],
                routing.Assignments,
                timeline)
            {
                Warnings = session.Warnings,
                SpeechIndexPath = speechIndexFinal,
                Speakers = levels,
                Stems = [.. stems.SelectMany((files, p) => files.Select(o =>
                    new MixOutput(o.Format.Name, o.Final, durationMs, 1, o.Format.SampleRate) { ParticipantIdentity = people.Keys[p] }))],
            };
        }
        catch
        {
            foreach (var output in outputs.Concat(stems.SelectMany(s => s)))
            {
                TryDelete(output.Partial);
            }

            TryDelete(speechIndexPartial);

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

        if (request.OpusComplexity is < 0 or > 10)
        {
            throw new ArgumentException("OpusComplexity must be 0 to 10", nameof(request));
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
            TrackProbe probed;
            OpusTimeline? timeline = null;
            if (File.Exists(input.LocalPath) && new FileInfo(input.LocalPath).Length > 0 && OpusTimeline.LooksLikeOggOpus(input.LocalPath))
            {
                // Ogg Opus is read once, page by page (every CRC checked), and the probe facts come from that read.
                timeline = OpusTimeline.Read(input.LocalPath);
                probed = FfprobeTrackProbe.FromTimeline(timeline);
            }
            else
            {
                probed = await probe.ProbeAsync(input.LocalPath, cancellationToken).ConfigureAwait(false);
            }

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
    /// <summary>Linear gain into the person's stem when leveling set one (it brings the mono stem to the target).</summary>
    public float? StemGain { get; init; }

    public float EffectiveStemGain => StemGain ?? Input.Gain;

    public int Channels => Math.Clamp(Probe.Channels, 1, 2);

    /// <summary>With leveling: where the measuring pass keeps this input's decoded PCM for the mix to replay.</summary>
    public PcmSpool? Spool { get; init; }

    public PlacedTrack Start(int blockFrames) => Timeline is { } timeline
        ? PlacedTrack.StartOggOpus(Input, timeline, blockFrames, Spool)
        : PlacedTrack.StartTimestamped(Input, Probe.Channels, Probe.TimelineSamples48k, blockFrames, Spool);
}
