using System.Runtime.InteropServices;
using MergeBus.Media.Ffmpeg;
using MergeBus.Mixer.Components.Leveling;
using MergeBus.Protocol;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// One run of the block loop: decoders → placement (fades at fragment edges) → channel mix → limiter → encoders,
/// and with stems, the same placed blocks also summed per person → that person's limiter → their stem's encoders.
/// </summary>
/// <param name="analysis">Analyzes each input's placed audio right after its fill, on that input's own task: the
/// speech index of many speakers would otherwise be serial work on the mixing thread.</param>
/// <param name="tap">The caller's tap, shown every block on the mixing thread.</param>
/// <param name="people">Whose stem each input feeds.</param>
/// <param name="stems">Per person, their stem's encoders (started with the mix's); null without stems.</param>
internal sealed class MixSession(IReadOnlyList<TrackSource> sources, ChannelRouting routing, IProgress<double>? progress,
    AnalyzingTap? analysis, IMixTap? tap, ILogger logger, FragmentEdges edges, MixPeople people, Func<int, EncoderSet>? stems)
{
    /// <summary>
    /// Queued blocks from which an encoder counts as busy: with two it still has work while the mixing thread fills
    /// the next block alone, and with none or one a second thread's help keeps it fed.
    /// </summary>
    internal const int EncoderBusyBlocks = 2;

    private readonly List<string> warnings = [.. edges.Warnings];

    public IReadOnlyList<string> Warnings => warnings;

    /// <returns>The mix length in 48 kHz samples.</returns>
    public async Task<long> RunAsync(Func<EncoderSet> startEncoders, CancellationToken cancellationToken)
    {
        foreach (var warning in edges.Warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }

        var tracks = new List<PlacedTrack>(sources.Count);
        EncoderSet? encoders = null;
        var stemEncoders = new List<EncoderSet>();
        using var killAll = cancellationToken.Register(() =>
        {
            tracks.ForEach(t => t.Kill());
            encoders?.Kill();
            lock (stemEncoders)
            {
                stemEncoders.ForEach(e => e.Kill());
            }
        });
        try
        {
            foreach (var source in sources)
            {
                tracks.Add(source.Start(RoomMixBuilder.BlockFrames));
            }

            encoders = startEncoders();
            for (var p = 0; stems is not null && p < people.Count; p++)
            {
                var started = stems(p);
                lock (stemEncoders)
                {
                    stemEncoders.Add(started);
                }
            }

            long length;
            try
            {
                length = await PumpAsync(tracks, encoders.Sinks, [.. stemEncoders.Select(e => e.Sinks)], cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // An encoder died: its reason beats "Broken pipe".
                foreach (var set in stemEncoders.Prepend(encoders))
                {
                    if (await set.FailureWithinAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false) is { } failure)
                    {
                        throw failure;
                    }
                }

                throw;
            }

            foreach (var track in tracks)
            {
                await FinishDecoderAsync(track, cancellationToken).ConfigureAwait(false);
            }

            await encoders.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(stemEncoders.Select(e => e.CompleteAsync(cancellationToken))).ConfigureAwait(false);
            return length;
        }
        finally
        {
            foreach (var track in tracks)
            {
                await track.DisposeAsync().ConfigureAwait(false);
            }

            if (encoders is not null)
            {
                await encoders.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var set in stemEncoders)
            {
                await set.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The block loop. Two output buffers: while the encoders take block n, the decoders fill, C# sums and the
    /// limiter works on block n + 1.
    /// </summary>
    private async Task<long> PumpAsync(List<PlacedTrack> tracks, IReadOnlyList<MixSink> sinks, IReadOnlyList<IReadOnlyList<MixSink>> stemSinks, CancellationToken cancellationToken)
    {
        var planned = Math.Max(0, tracks.Max(t => t.PlannedEnd));
        var channels = routing.PipeChannels;
        var limiter = new Limiter(channels, routing.LinkedLimiter, routing.LimiterCeiling);
        var stemSet = new StemBlocks(stemSinks, routing.LimiterCeiling);
        var mixed = new float[RoomMixBuilder.BlockFrames * channels];
        byte[][] buffers = [new byte[RoomMixBuilder.BlockFrames * channels * sizeof(float)], new byte[RoomMixBuilder.BlockFrames * channels * sizeof(float)]];
        var current = 0;
        var extents = new int[tracks.Count];
        int[] piped = [.. Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].InProcess)];
        var pipedFills = new Task<int>[piped.Length];
        var inProcess = new BlockFills([.. Enumerable.Range(0, tracks.Count).Where(i => tracks[i].InProcess)],
            (index, start, count, token) => FillAsync(tracks, index, start, count, token), extents);
        var writes = new Task[sinks.Count];
        Task pending = Task.CompletedTask;
        long position = 0;
        var reported = -1.0;
        try
        {
            while (true)
            {
                // Past the planned end only inputs whose length we could not know up front can still add audio.
                var overtime = position >= planned;
                if (overtime && tracks.All(t => !t.OpenEnded || t.Finished))
                {
                    break;
                }

                var frames = overtime ? RoomMixBuilder.BlockFrames : (int)Math.Min(RoomMixBuilder.BlockFrames, planned - position);
                // An ffmpeg decoder's pipe is waited on, not computed: those fills start first and overlap the rest.
                for (var p = 0; p < piped.Length; p++)
                {
                    pipedFills[p] = FillAsync(tracks, piped[p], position, frames, cancellationToken);
                }

                try
                {
                    // An encoder with blocks queued is the mix's critical path, busy on a core of its own: a helper
                    // thread would only take turns with it on that core (2 cores), and cost a hand-off per block.
                    var encoderBusy = false;
                    foreach (var sink in sinks)
                    {
                        encoderBusy |= sink.Backlog >= EncoderBusyBlocks;
                    }

                    await inProcess.FillAsync(position, frames, encoderBusy ? 1 : Environment.ProcessorCount, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    for (var p = 0; p < piped.Length; p++)
                    {
                        extents[piped[p]] = await pipedFills[p].ConfigureAwait(false);
                    }
                }

                if (overtime)
                {
                    frames = extents.Max();
                    if (frames == 0)
                    {
                        break;
                    }
                }

                Observe(tracks, extents, position, frames);
                MixBlock(tracks, extents, mixed.AsSpan(0, frames * channels), channels);
                if (stemSet.Count > 0)
                {
                    stemSet.Mix(current, frames, tracks, extents, sources, people);
                }

                await pending.ConfigureAwait(false);
                var limited = limiter.Process(mixed.AsSpan(0, frames * channels), MemoryMarshal.Cast<byte, float>(buffers[current].AsSpan()));
                pending = stemSet.Count == 0
                    ? Send(buffers[current], limited)
                    : Task.WhenAll(Send(buffers[current], limited), stemSet.LimitAndSendAsync(current, frames, cancellationToken));
                current ^= 1;
                position += frames;

                var done = Math.Min(1.0, position / (double)Math.Max(planned, 1));
                if (progress is not null && done - reported >= 0.01)
                {
                    progress.Report(done);
                    reported = done;
                }
            }

            await pending.ConfigureAwait(false);
            var tail = limiter.Flush(MemoryMarshal.Cast<byte, float>(buffers[current].AsSpan()));
            await Task.WhenAll(Send(buffers[current], tail), stemSet.FlushAndSendAsync(current, cancellationToken)).ConfigureAwait(false);
        }
        catch
        {
            // Never leave a write running on a buffer (or a pipe) that is going away.
            await Task.WhenAny(pending).ConfigureAwait(false);
            throw;
        }

        if (progress is not null && reported < 1.0)
        {
            progress.Report(1.0);
        }

        return position;

        Task Send(byte[] block, int frames)
        {
            if (frames == 0)
            {
                return Task.CompletedTask;
            }

            for (var s = 0; s < sinks.Count; s++)
            {
                writes[s] = sinks[s].WriteAsync(block, frames, channels, cancellationToken);
            }

            return writes.Length == 1 ? writes[0] : Task.WhenAll(writes);
        }
    }

    /// <summary>Fills one input's block, and analyzes what its packets covered (inputs are independent).</summary>
    private async Task<int> FillAsync(List<PlacedTrack> tracks, int index, long start, int frames, CancellationToken cancellationToken)
    {
        var track = tracks[index];
        var extent = await track.FillAsync(start, frames, cancellationToken).ConfigureAwait(false);
        if (analysis is not null && extent > 0)
        {
            analysis.Observe(index, start, track.Block[..(extent * track.Channels)], track.Channels);
        }

        // After the analysis: speech and loudness are the recording's; the fade is the delivery's.
        if (extent > 0)
        {
            edges.Apply(index, start, track.WritableBlock[..(extent * track.Channels)], track.Channels);
        }

        return extent;
    }

    /// <summary>Shows the caller's tap (if any) each input's placed PCM for this block, before any gain.</summary>
    private void Observe(List<PlacedTrack> tracks, int[] extents, long position, int frames)
    {
        if (tap is null)
        {
            return;
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            var usable = Math.Min(extents[i], frames);
            if (usable > 0)
            {
                tap.OnInputBlock(i, position, tracks[i].Block[..(usable * tracks[i].Channels)], tracks[i].Channels);
            }
        }
    }

    /// <summary>Sums every track into the output channels, each at its input's gain. No 1/N: the limiter handles overlaps.</summary>
    private void MixBlock(List<PlacedTrack> tracks, int[] extents, Span<float> mix, int channels)
    {
        mix.Clear();
        var frames = mix.Length / channels;
        for (var i = 0; i < tracks.Count; i++)
        {
            var usable = Math.Min(extents[i], frames);
            if (usable == 0)
            {
                continue;
            }

            var width = tracks[i].Channels;
            var block = tracks[i].Block[..(usable * width)];
            var gain = tracks[i].Input.Gain;
            foreach (var route in routing.Taps[i])
            {
                SampleMath.AddStrided(block, width, route.InputChannel, mix[..(usable * channels)], channels, route.OutputChannel, route.Gain * gain);
            }
        }
    }

    private async Task FinishDecoderAsync(PlacedTrack track, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(track.Input.LocalPath);
        try
        {
            await track.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FfmpegException e)
        {
            throw new PermanentMergeException($"{name}: not a readable audio file (ffmpeg: {e.Reason})", e);
        }

        if (track.ExpectedDecodedSamples is { } expected && expected != track.DecodedSamples)
        {
            // Placement never shifts on a mismatch: a short decode leaves silence at the end, a long one is cut there.
            var warning = $"{name}: decoder gave {track.DecodedSamples} samples, packets promise {expected}; the difference fell at the end of the track";
            warnings.Add(warning);
            logger.LogWarning("{Warning}", warning);
        }
    }
}
