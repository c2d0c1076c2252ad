using System.Runtime.InteropServices;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Ogg;
using MergeBus.Media.Opus;
using MergeBus.Mixer.Components.Leveling;
using MergeBus.Protocol;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// One input being decoded and placed on the mix timeline, block by block, strictly forward.
/// Decoded sample d of segment s lands at mix position Offset + s.TimelineStart + (d − s.DecodedStart);
/// everything between segments is silence. Only one block of samples is ever held.
/// The decoded stream comes from libopus in process (Ogg Opus, mono or stereo) or from an ffmpeg decoder's stdout.
/// </summary>
internal sealed class PlacedTrack : IAsyncDisposable
{
    private readonly IReadOnlyList<OpusTimelineSegment> segments;
    private readonly FfmpegProcess? decoder;
    private readonly Stream pcm;
    private readonly byte[] scratch;
    private readonly byte[] block;
    private int segmentIndex;
    private int dirtyFrames; // the block is silence from here on: a fill clears only what the last one may have written

    private PlacedTrack(MixInput input, int channels, IReadOnlyList<OpusTimelineSegment> segments, long? expectedDecoded, long plannedEnd, FfmpegProcess? decoder, Stream pcm, int blockFrames)
    {
        Input = input;
        Channels = channels;
        this.segments = segments;
        ExpectedDecodedSamples = expectedDecoded;
        PlannedEnd = plannedEnd;
        this.decoder = decoder;
        this.pcm = pcm;
        block = new byte[blockFrames * channels * sizeof(float)];
        scratch = new byte[blockFrames * channels * sizeof(float)];
    }

    public MixInput Input { get; }

    /// <summary>Decoded by libopus in this process: its fills are CPU work to spread over threads.</summary>
    public bool InProcess => decoder is null;

    public int Channels { get; }

    /// <summary>Where this track's timeline ends in the mix, as far as we can tell before decoding.</summary>
    public long PlannedEnd { get; }

    /// <summary>True for inputs whose decoder output already is the timeline (no Ogg segments): they end when the decoder does.</summary>
    public bool OpenEnded => ExpectedDecodedSamples is null;

    public long? ExpectedDecodedSamples { get; }

    public long DecodedSamples { get; private set; }

    public bool EndOfStream { get; private set; }

    public bool Finished => EndOfStream || segmentIndex >= segments.Count;

    /// <summary>This track's samples for the current block (interleaved, <see cref="Channels"/> wide).</summary>
    public ReadOnlySpan<float> Block => MemoryMarshal.Cast<byte, float>(block.AsSpan());

    /// <summary>The same block, to be scaled in place (fades at fragment edges) before it is mixed.</summary>
    public Span<float> WritableBlock => MemoryMarshal.Cast<byte, float>(block.AsSpan());

    /// <param name="spool">With leveling: the measuring pass records the decoded PCM into it, and once it is complete
    /// the mix replays it instead of decoding again (same samples, same placement).</param>
    public static PlacedTrack StartOggOpus(MixInput input, OpusTimeline timeline, int blockFrames, PcmSpool? spool = null)
    {
        var channels = Math.Min(timeline.Channels, 2);
        var plannedEnd = Position(input, timeline.EndSamples);
        if (spool is { Complete: true })
        {
            return new PlacedTrack(input, channels, timeline.Segments, timeline.ConcatenatedDecodedSamples, plannedEnd, null, spool.Replay(), blockFrames);
        }

        if (CanDecodeInProcess(timeline))
        {
            var stream = new OggOpusPcmStream(input.LocalPath, channels);
            return new PlacedTrack(input, channels, timeline.Segments, timeline.ConcatenatedDecodedSamples, plannedEnd, null, spool?.Record(stream) ?? stream, blockFrames);
        }

        var decoder = RoomMixBuilder.StartPiped(DecoderCommand.OggOpus(input.LocalPath, channels));
        return new PlacedTrack(input, channels, timeline.Segments, timeline.ConcatenatedDecodedSamples, plannedEnd, decoder, spool?.Record(decoder.Stdout) ?? decoder.Stdout, blockFrames);
    }

    /// <param name="spool">As for <see cref="StartOggOpus"/>.</param>
    public static PlacedTrack StartTimestamped(MixInput input, int probedChannels, long timelineSamples, int blockFrames, PcmSpool? spool = null)
    {
        var channels = Math.Clamp(probedChannels, 1, 2);
        OpusTimelineSegment[] whole = [new(0, 0, long.MaxValue / 4)];
        var plannedEnd = Position(input, timelineSamples);
        if (spool is { Complete: true })
        {
            return new PlacedTrack(input, channels, whole, null, plannedEnd, null, spool.Replay(), blockFrames);
        }

        var decoder = RoomMixBuilder.StartPiped(DecoderCommand.Timestamped(input.LocalPath, channels));
        return new PlacedTrack(input, channels, whole, null, plannedEnd, decoder, spool?.Record(decoder.Stdout) ?? decoder.Stdout, blockFrames);
    }

    /// <summary>
    /// Where a position of the input's own timeline lands in the mix. A sum past 2^63 would wrap negative and the
    /// track would silently never play: it is bad input instead.
    /// </summary>
    private static long Position(MixInput input, long timelinePosition)
    {
        try
        {
            return checked(input.OffsetSamples + timelinePosition);
        }
        catch (OverflowException)
        {
            throw new PermanentMergeException(
                $"{Path.GetFileName(input.LocalPath)}: its timeline ({timelinePosition} samples) placed at {input.OffsetSamples} overflows the mix timeline");
        }
    }

    /// <summary>Mono and stereo Ogg Opus (mapping family 0) go to libopus in process; multichannel files to ffmpeg.</summary>
    public static bool CanDecodeInProcess(OpusTimeline timeline) =>
        timeline.Head.MappingFamily == 0 && timeline.Channels <= 2 && OpusLibrary.IsAvailable;

    /// <summary>
    /// Fills <see cref="Block"/> for mix positions [blockStart, blockStart + frames).
    /// Returns how many frames from the block start hold this track's data (0 = silent block).
    /// </summary>
    public async ValueTask<int> FillAsync(long blockStart, int frames, CancellationToken cancellationToken)
    {
        // Clearing the whole block for every input and block was the mix loop's largest memset with many mostly
        // silent speakers (16 × 48 KB every 0.25 s).
        Array.Clear(block, 0, dirtyFrames * Channels * sizeof(float));
        dirtyFrames = 0;
        var extent = 0;
        var blockEnd = blockStart + frames;
        while (!Finished)
        {
            var segment = segments[segmentIndex];
            // Never past PlannedEnd, which was checked when the track started.
            var segmentStart = checked(Input.OffsetSamples + segment.TimelineStart);
            var segmentEnd = checked(Input.OffsetSamples + segment.TimelineEnd);
            if (segmentStart >= blockEnd)
            {
                break;
            }

            var from = Math.Max(segmentStart, blockStart);
            var to = Math.Min(segmentEnd, blockEnd);
            if (to > from)
            {
                await SkipToAsync(segment.DecodedStart + (from - segmentStart), cancellationToken).ConfigureAwait(false);
                var got = await ReadAsync((int)(from - blockStart), (int)(to - from), cancellationToken).ConfigureAwait(false);
                if (got > 0)
                {
                    extent = (int)(from - blockStart) + got;
                }

                if (EndOfStream)
                {
                    break;
                }
            }

            if (to < segmentEnd)
            {
                break; // The block ends inside this segment.
            }

            segmentIndex++;
        }

        return extent;
    }

    /// <summary>Reads whatever the decoder still has (so it can exit), then checks its exit code.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        while (!EndOfStream)
        {
            var got = await pcm.ReadAsync(scratch, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                EndOfStream = true;
            }

            DecodedSamples += got / (Channels * sizeof(float));
        }

        if (decoder is not null)
        {
            await decoder.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Kill() => decoder?.Kill();

    public async ValueTask DisposeAsync()
    {
        if (decoder is not null)
        {
            await decoder.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await pcm.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task SkipToAsync(long decodedIndex, CancellationToken cancellationToken)
    {
        while (DecodedSamples < decodedIndex && !EndOfStream)
        {
            var frames = (int)Math.Min(decodedIndex - DecodedSamples, scratch.Length / (Channels * sizeof(float)));
            await ReadFramesAsync(frames, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads decoded frames straight into the block, at <paramref name="blockOffset"/>.</summary>
    private Task<int> ReadAsync(int blockOffset, int frames, CancellationToken cancellationToken)
    {
        dirtyFrames = Math.Max(dirtyFrames, blockOffset + frames);
        return ReadFramesAsync(block.AsMemory(blockOffset * Channels * sizeof(float)), frames, cancellationToken);
    }

    /// <summary>Reads (and drops) frames through the scratch buffer.</summary>
    private Task<int> ReadFramesAsync(int frames, CancellationToken cancellationToken) =>
        ReadFramesAsync(scratch, frames, cancellationToken);

    /// <summary>Reads exactly <paramref name="frames"/> frames into <paramref name="destination"/> unless the decoder ends first.</summary>
    private async Task<int> ReadFramesAsync(Memory<byte> destination, int frames, CancellationToken cancellationToken)
    {
        var frameBytes = Channels * sizeof(float);
        var wanted = frames * frameBytes;
        var got = await pcm.ReadAtLeastAsync(destination[..wanted], wanted, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < wanted)
        {
            EndOfStream = true;
        }

        var whole = got / frameBytes;
        DecodedSamples += whole;
        return whole;
    }
}
