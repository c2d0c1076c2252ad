using System.Runtime.InteropServices;
using MergeBus.Media.Ffmpeg;
using MergeBus.Protocol;
using Microsoft.Extensions.Logging;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>One run of the block loop: decoders → placement → channel mix → encoder.</summary>
internal sealed class MixSession(IReadOnlyList<TrackSource> sources, ChannelRouting routing, IProgress<double>? progress, ILogger logger)
{
    private readonly List<string> warnings = [];

    public IReadOnlyList<string> Warnings => warnings;

    /// <returns>The mix length in 48 kHz samples.</returns>
    public async Task<long> RunAsync(FfmpegCommand encoderCommand, CancellationToken cancellationToken)
    {
        var tracks = new List<PlacedTrack>(sources.Count);
        FfmpegProcess? encoder = null;
        using var killAll = cancellationToken.Register(() =>
        {
            tracks.ForEach(t => t.Kill());
            encoder?.Kill();
        });
        try
        {
            foreach (var source in sources)
            {
                tracks.Add(source.Start(RoomMixBuilder.BlockFrames));
            }

            encoder = FfmpegProcess.Start(encoderCommand);
            long length;
            try
            {
                length = await PumpAsync(tracks, encoder.Stdin, cancellationToken).ConfigureAwait(false);
                encoder.Stdin.Close();
            }
            catch (IOException)
            {
                // The encoder died: its reason beats "Broken pipe".
                if (await encoder.FailureWithinAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false) is { } failure)
                {
                    throw failure;
                }

                throw;
            }

            foreach (var track in tracks)
            {
                await FinishDecoderAsync(track, cancellationToken).ConfigureAwait(false);
            }

            await encoder.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
            return length;
        }
        finally
        {
            foreach (var track in tracks)
            {
                await track.DisposeAsync().ConfigureAwait(false);
            }

            if (encoder is not null)
            {
                await encoder.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<long> PumpAsync(List<PlacedTrack> tracks, Stream encoderInput, CancellationToken cancellationToken)
    {
        var planned = Math.Max(0, tracks.Max(t => t.PlannedEnd));
        var channels = routing.PipeChannels;
        var mixBytes = new byte[RoomMixBuilder.BlockFrames * channels * sizeof(float)];
        var extents = new int[tracks.Count];
        long position = 0;
        var reported = -1.0;
        while (true)
        {
            // Past the planned end only inputs whose length we could not know up front can still add audio.
            var overtime = position >= planned;
            if (overtime && tracks.All(t => !t.OpenEnded || t.Finished))
            {
                break;
            }

            var frames = overtime ? RoomMixBuilder.BlockFrames : (int)Math.Min(RoomMixBuilder.BlockFrames, planned - position);
            var fills = tracks.Select(t => t.FillAsync(position, frames, cancellationToken).AsTask()).ToArray();
            for (var i = 0; i < fills.Length; i++)
            {
                extents[i] = await fills[i].ConfigureAwait(false);
            }

            if (overtime)
            {
                frames = extents.Max();
                if (frames == 0)
                {
                    break;
                }
            }

            var bytes = frames * channels * sizeof(float);
            MixBlock(tracks, extents, mixBytes.AsSpan(0, bytes), channels);
            await encoderInput.WriteAsync(mixBytes.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false);
            position += frames;

            var done = Math.Min(1.0, position / (double)Math.Max(planned, 1));
            if (progress is not null && done - reported >= 0.01)
            {
                progress.Report(done);
                reported = done;
            }
        }

        if (progress is not null && reported < 1.0)
        {
            progress.Report(1.0);
        }

        return position;
    }

    /// <summary>Sums every track into the output channels. No 1/N: the limiter handles overlaps.</summary>
    private void MixBlock(List<PlacedTrack> tracks, int[] extents, Span<byte> mixBytes, int channels)
    {
        mixBytes.Clear();
        var mix = MemoryMarshal.Cast<byte, float>(mixBytes);
        var frames = mix.Length / channels;
        for (var i = 0; i < tracks.Count; i++)
        {
            var usable = Math.Min(extents[i], frames);
            if (usable == 0)
            {
                continue;
            }

            var block = tracks[i].Block;
            var width = tracks[i].Channels;
            foreach (var tap in routing.Taps[i])
            {
                for (var f = 0; f < usable; f++)
                {
                    mix[(f * channels) + tap.OutputChannel] += block[(f * width) + tap.InputChannel] * tap.Gain;
                }
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
