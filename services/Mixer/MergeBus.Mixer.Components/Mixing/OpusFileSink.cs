using System.Runtime.InteropServices;
using MergeBus.Media.Ogg;
using MergeBus.Media.Opus;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Ogg Opus written in process by libopus. One or two channels: one encoder. More (one participant per channel):
/// one mono encoder per channel, the channels spread over the cores (one thread each), and each 20 ms packet of
/// the file is that frame's packets of every channel concatenated, all but the last in self-delimited framing
/// (RFC 6716 Appendix B): a multistream of uncoupled mono streams, mapping family 255, as
/// <c>opus_multistream_encoder</c> would frame it, on every core.
/// </summary>
internal sealed class OpusFileSink : MixSink
{
    private const int Frame = OpusEncoder.FrameSamples;

    private readonly FileStream file;
    private readonly OpusEncoder[] encoders;
    private readonly OggOpusWriter writer;
    private readonly int width;
    private readonly int parallelism;
    private readonly int preSkip;
    private float[] staging;
    private int staged;
    private long received;
    private long encodedFrames;

    public OpusFileSink(string path, int channels, int bitrate, int complexity, int outputRate, int parallelism)
    {
        width = channels;
        encoders = channels <= 2
            ? [new OpusEncoder(channels, bitrate, complexity, outputRate)]
            : [.. Enumerable.Range(0, channels).Select(_ => new OpusEncoder(1, OutputFormat.OpusStreamBitrate(channels), complexity, outputRate))];
        this.parallelism = Math.Clamp(parallelism, 1, encoders.Length);
        preSkip = encoders[0].Lookahead;
        staging = new float[Frame * channels * 16];
        file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var head = channels <= 2 ? OggOpusWriter.MonoOrStereoHead(channels, preSkip, outputRate) : OpusHead.Family255(channels, preSkip, outputRate);
        writer = new OggOpusWriter(file, head, preSkip);
    }

    public override Task WriteAsync(byte[] mixBytes, int frames, int width, CancellationToken cancellationToken) =>
        Task.Run(() => Consume(MemoryMarshal.Cast<byte, float>(mixBytes.AsSpan(0, frames * width * sizeof(float)))), cancellationToken);

    public override Task CompleteAsync(CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            // The encoder holds back its look-ahead: feed silence until every real sample has come out.
            var audio = received;
            var zeros = new float[Frame * width];
            while ((encodedFrames * Frame) + staged < preSkip + audio || staged > 0)
            {
                Consume(zeros.AsSpan(0, Math.Min(zeros.Length, (Frame - staged) * width)));
            }

            writer.Finish(audio);
            file.Flush(flushToDisk: false);
            file.Dispose();
        },
        cancellationToken);

    public override ValueTask DisposeAsync()
    {
        foreach (var encoder in encoders)
        {
            encoder.Dispose();
        }

        return file.DisposeAsync();
    }

    private void Consume(ReadOnlySpan<float> mix)
    {
        var frames = mix.Length / width;
        if (staging.Length < (staged + frames) * width)
        {
            Array.Resize(ref staging, (staged + frames + Frame) * width);
        }

        mix.CopyTo(staging.AsSpan(staged * width));
        staged += frames;
        received += frames;
        var whole = staged / Frame;
        if (whole == 0)
        {
            return;
        }

        if (encoders.Length == 1)
        {
            EncodeTogether(whole);
        }
        else
        {
            EncodeApart(whole);
        }

        var used = whole * Frame;
        staging.AsSpan(used * width, (staged - used) * width).CopyTo(staging);
        staged -= used;
        encodedFrames += whole;
    }

    private void EncodeTogether(int count)
    {
        Span<byte> packet = stackalloc byte[OpusEncoder.MaxPacketBytes];
        for (var k = 0; k < count; k++)
        {
            var length = encoders[0].Encode(staging.AsSpan(k * Frame * width, Frame * width), packet);
            writer.Add(packet[..length].ToArray(), Frame);
        }
    }

    /// <summary>
    /// Each channel is one work item over the cores, taken as a core comes free: a silent participant codes far
    /// faster than a speaking one, so fixed groups of channels would leave a core idle.
    /// </summary>
    private void EncodeApart(int count)
    {
        var packets = new byte[count][][];
        for (var k = 0; k < count; k++)
        {
            packets[k] = new byte[width][];
        }

        Parallel.For(
            0,
            width,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            () => (Mono: new float[Frame], Packet: new byte[OpusEncoder.MaxPacketBytes]),
            (c, _, scratch) =>
            {
                for (var k = 0; k < count; k++)
                {
                    var start = k * Frame * width;
                    for (var f = 0; f < Frame; f++)
                    {
                        scratch.Mono[f] = staging[start + (f * width) + c];
                    }

                    var length = encoders[c].Encode(scratch.Mono, scratch.Packet);
                    var coded = scratch.Packet.AsSpan(0, length);

                    // Every stream but the last is self-delimited (RFC 7845 §5.1.1, RFC 6716 Appendix B).
                    packets[k][c] = c < width - 1 ? OpusFraming.ToSelfDelimited(coded) : coded.ToArray();
                }

                return scratch;
            },
            _ => { });

        for (var k = 0; k < count; k++)
        {
            writer.Add(Concatenate(packets[k]), Frame);
        }
    }

    /// <summary>One multistream packet: the frame's packets of every stream, in channel order.</summary>
    private static byte[] Concatenate(byte[][] streams)
    {
        var combined = new byte[streams.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in streams)
        {
            part.CopyTo(combined, at);
            at += part.Length;
        }

        return combined;
    }
}
