using System.Runtime.InteropServices;
using MergeBus.Media.Ogg;
using MergeBus.Protocol;

namespace MergeBus.Media.Opus;

/// <summary>
/// An Ogg Opus file decoded in process by libopus, as a read-only stream of interleaved f32le PCM at 48 kHz:
/// every audio packet of the first logical stream, in order, concatenated, the pre-skip dropped, no end trimming.
/// That is exactly the stream <see cref="OpusTimeline.Segments"/> maps onto the file's timeline. Holes between
/// pages are not filled here (the timeline places the packets around them), and no packet is ever concealed:
/// the decoder is only ever given real packets.
/// </summary>
public sealed class OggOpusPcmStream : Stream
{
    private readonly Stream file;
    private readonly OggPageReader reader;
    private readonly OggPacketAssembler assembler = new();
    private readonly OpusDecoder decoder;
    private readonly string displayName;
    private readonly float[] pcm;
    private readonly Queue<byte[]> packets = new();
    private uint? serial;
    private int headerPackets;
    private long toSkip;
    private int pcmStart;
    private int pcmEnd;
    private bool pagesDone;

    /// <param name="channels">1 or 2, whatever the file holds (libopus mixes down or up).</param>
    public OggOpusPcmStream(string path, int channels)
    {
        displayName = Path.GetFileName(path);
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        reader = new OggPageReader(file, displayName);
        decoder = new OpusDecoder(channels);
        pcm = new float[OpusDecoder.MaxFrameSamples * channels];
        Channels = channels;
        toSkip = -1;
    }

    public int Channels { get; }

    /// <summary>Samples per channel handed out so far.</summary>
    public long DecodedSamples { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Decodes into <paramref name="destination"/> (whole frames only); 0 at the end.</summary>
    public int ReadFrames(Span<float> destination)
    {
        var wanted = destination.Length / Channels;
        var done = 0;
        while (done < wanted)
        {
            if (pcmStart == pcmEnd)
            {
                var direct = DecodeNext(destination[(done * Channels)..(wanted * Channels)]);
                if (direct < 0)
                {
                    break;
                }

                done += direct;
                if (pcmStart == pcmEnd)
                {
                    continue;
                }
            }

            var frames = Math.Min(wanted - done, (pcmEnd - pcmStart) / Channels);
            pcm.AsSpan(pcmStart, frames * Channels).CopyTo(destination[(done * Channels)..]);
            pcmStart += frames * Channels;
            done += frames;
        }

        DecodedSamples += done;
        return done;
    }

    public override int Read(Span<byte> buffer)
    {
        var frameBytes = Channels * sizeof(float);
        var frames = ReadFrames(MemoryMarshal.Cast<byte, float>(buffer[..(buffer.Length / frameBytes * frameBytes)]));
        return frames * frameBytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decoder.Dispose();
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Decodes the next audio packet (pre-skip dropped): straight into <paramref name="direct"/> when the whole
    /// packet fits there and none of it is pre-skip (returns its samples), else into the PCM buffer (returns 0).
    /// Every decoded sample was otherwise copied once more, 16 inputs' worth per block (issue 22). −1 at the end.
    /// </summary>
    private int DecodeNext(Span<float> direct)
    {
        while (true)
        {
            if (!NextAudioPacket(out var packet))
            {
                return -1;
            }

            var promised = OpusPacket.Samples48k(packet);
            if (toSkip <= 0 && promised > 0 && promised * Channels <= direct.Length)
            {
                return Check(decoder.Decode(packet, direct), promised);
            }

            var samples = Check(decoder.Decode(packet, pcm), promised);
            pcmStart = 0;
            pcmEnd = samples * Channels;
            if (toSkip > 0)
            {
                var skip = (int)Math.Min(toSkip, samples);
                toSkip -= skip;
                pcmStart = skip * Channels;
            }

            if (pcmStart < pcmEnd)
            {
                return 0;
            }
        }
    }

    /// <summary>A packet that does not decode to exactly what its TOC promises is bad input.</summary>
    private int Check(int samples, int promised)
    {
        if (samples < 0 || samples != promised)
        {
            var why = samples < 0 ? LibOpus.Describe(samples) : $"{samples} samples where its TOC promises {promised}";
            throw new PermanentMergeException($"{displayName}: not a readable audio file (an Opus packet cannot be decoded: {why})");
        }

        return samples;
    }

    private bool NextAudioPacket(out byte[] packet)
    {
        while (packets.Count == 0)
        {
            if (pagesDone)
            {
                packet = [];
                return false;
            }

            var page = reader.ReadPage();
            if (page is null)
            {
                pagesDone = true;
                continue;
            }

            serial ??= page.SerialNumber;
            if (page.SerialNumber != serial)
            {
                continue;
            }

            foreach (var completed in assembler.CompletedOn(page))
            {
                if (headerPackets == 0)
                {
                    var head = OpusHead.TryParse(completed) ?? throw new PermanentMergeException($"{displayName}: not a readable audio file (no OpusHead in the first packet)");
                    toSkip = head.PreSkip;
                }

                if (headerPackets < 2)
                {
                    headerPackets++;
                    continue;
                }

                packets.Enqueue(completed);
            }
        }

        packet = packets.Dequeue();
        return true;
    }
}
