using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using MergeBus.Media.Ogg;
using MergeBus.Media.Opus;
using MergeBus.Storage.WorkFolders;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// Ogg Opus written in process by libopus. One or two channels: one encoder. More (one participant per channel):
/// one mono encoder per channel, and each 20 ms packet of the file is that frame's packets of every channel
/// concatenated, all but the last in self-delimited framing (RFC 6716 Appendix B): a multistream of uncoupled
/// mono streams, mapping family 255, as <c>opus_multistream_encoder</c> would frame it, on every core.
/// </summary>
/// <remarks>
/// Each encoder is a lane: a chain of batches it encodes in order, on at most <c>parallelism</c> threads in all.
/// Lanes never wait for each other batch by batch, only the file writer waits for every lane's packets of a
/// batch. A silent participant codes several times faster than a speaking one, so a per-block barrier would
/// leave a core idle; with up to <see cref="Depth"/> blocks accepted ahead, the slow lanes' work fills it.
/// </remarks>
internal sealed class OpusFileSink : MixSink
{
    /// <summary>Mix blocks accepted before <see cref="WriteAsync"/> waits for the file (8 × 0.25 s).</summary>
    internal const int Depth = 8;

    private const int Frame = OpusEncoder.FrameSamples;

    private readonly FileStream file;
    private readonly OpusEncoder[] encoders;
    private readonly OggOpusWriter writer;
    private readonly int width;
    private readonly int preSkip;
    private readonly TaskScheduler lanesScheduler;
    private readonly Task[] lanes;
    private readonly Queue<Task> written = new();
    private readonly ConcurrentQueue<float[]> spare = new(); // batch PCM the lanes are done with, for the next batches
    private Task lastWrite = Task.CompletedTask;
    private float[] staging;
    private int staged;
    private long received;
    private long encodedFrames;
    private int backlog; // batches handed to the lanes and not yet written
    private volatile bool killed;

    public OpusFileSink(string path, int channels, int bitrate, int complexity, int outputRate, int parallelism)
    {
        width = channels;
        encoders = channels <= 2
            ? [new OpusEncoder(channels, bitrate, complexity, outputRate)]
            : [.. Enumerable.Range(0, channels).Select(_ => new OpusEncoder(1, OutputFormat.OpusStreamBitrate(channels), complexity, outputRate))];
        lanes = [.. encoders.Select(_ => Task.CompletedTask)];
        lanesScheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Math.Clamp(parallelism, 1, encoders.Length)).ConcurrentScheduler;
        preSkip = encoders[0].Lookahead;
        staging = new float[Frame * channels * 16];
        file = PrivateFiles.CreateFile(path, 1 << 16); // plaintext audio: this user only (0600)
        var head = channels <= 2 ? OggOpusWriter.MonoOrStereoHead(channels, preSkip, outputRate) : OpusHead.Family255(channels, preSkip, outputRate);
        writer = new OggOpusWriter(file, head, preSkip);
    }

    /// <summary>Copies the block out at once; waits only when <see cref="Depth"/> blocks are still being encoded.</summary>
    public override Task WriteAsync(byte[] mixBytes, int frames, int width, CancellationToken cancellationToken)
    {
        if (lastWrite.IsFaulted || lastWrite.IsCanceled)
        {
            return lastWrite;
        }

        Consume(MemoryMarshal.Cast<byte, float>(mixBytes.AsSpan(0, frames * width * sizeof(float))));
        return written.Count > Depth ? written.Dequeue() : Task.CompletedTask;
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        // The encoder holds back its look-ahead: feed silence until every real sample has come out.
        var audio = received;
        var zeros = new float[Frame * width];
        while ((encodedFrames * Frame) + staged < preSkip + audio || staged > 0)
        {
            Consume(zeros.AsSpan(0, Math.Min(zeros.Length, (Frame - staged) * width)));
        }

        await lastWrite.WaitAsync(cancellationToken).ConfigureAwait(false);
        writer.Finish(audio);
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        await file.DisposeAsync().ConfigureAwait(false);
    }

    public override int Backlog => Volatile.Read(ref backlog);

    public override void Kill() => killed = true;

    public override async ValueTask DisposeAsync()
    {
        // A lane may still be inside libopus: the encoders go only once every lane has stopped.
        killed = true;
        await Task.WhenAll([.. lanes, lastWrite]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var encoder in encoders)
        {
            encoder.Dispose();
        }

        await file.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stages the frames; every whole 20 ms frame goes into a batch handed to the lanes.</summary>
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

        var batch = new Batch(whole, encoders.Length);
        Interlocked.Increment(ref backlog);
        // One lane (mono or stereo): its batches are encoded in order, so it writes each one itself; a separate write
        // task per block was one more thread-pool hand-off (and wake-up) per 0.25 s for nothing (issue 22).
        var single = encoders.Length == 1;
        for (var lane = 0; lane < encoders.Length; lane++)
        {
            batch.Pcm[lane] = single ? Copy(staging.AsSpan(0, whole * Frame * width)) : Deinterleave(lane, whole * Frame);
            var index = lane;
            lanes[lane] = lanes[lane].ContinueWith(
                previous =>
                {
                    previous.GetAwaiter().GetResult();
                    Encode(batch, index);
                    if (single)
                    {
                        WriteBatch(batch);
                        Interlocked.Decrement(ref backlog);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.DenyChildAttach,
                lanesScheduler);
        }

        lastWrite = single
            ? lanes[0]
            : Task.WhenAll([lastWrite, .. lanes]).ContinueWith(
                all =>
                {
                    all.GetAwaiter().GetResult();
                    WriteBatch(batch);
                    Interlocked.Decrement(ref backlog);
                },
                CancellationToken.None,
                TaskContinuationOptions.DenyChildAttach,
                TaskScheduler.Default);
        written.Enqueue(lastWrite);

        var used = whole * Frame;
        staging.AsSpan(used * width, (staged - used) * width).CopyTo(staging);
        staged -= used;
        encodedFrames += whole;
    }

    private float[] Deinterleave(int channel, int frames)
    {
        var mono = Rent(frames);
        for (var f = 0; f < frames; f++)
        {
            mono[f] = staging[(f * width) + channel];
        }

        return mono;
    }

    private float[] Copy(ReadOnlySpan<float> samples)
    {
        var copy = Rent(samples.Length);
        samples.CopyTo(copy);
        return copy;
    }

    /// <summary>
    /// A batch's PCM array, reused once a lane has encoded it: a new one per block and lane was most of what a
    /// mix allocated (≈ 110 MB per 10 minutes), and the GC paid for it in page faults and clearing.
    /// </summary>
    private float[] Rent(int length)
    {
        while (spare.TryDequeue(out var reused))
        {
            if (reused.Length >= length)
            {
                return reused;
            }
        }

        // Whole 20 ms frames of a 0.25 s block vary by one: room for the most a block brings, so the arrays fit each other.
        var lane = RoomMixBuilder.BlockFrames + Frame;
        return new float[Math.Max(length, encoders.Length == 1 ? lane * width : lane)];
    }

    /// <summary>One lane's share of a batch: its stream's packet for every frame.</summary>
    private void Encode(Batch batch, int lane)
    {
        if (killed)
        {
            throw new OperationCanceledException("the mix was stopped");
        }

        var encoder = encoders[lane];
        var samples = Frame * encoder.Channels;
        var packet = new byte[OpusEncoder.MaxPacketBytes];
        for (var k = 0; k < batch.Count; k++)
        {
            var length = encoder.Encode(batch.Pcm[lane].AsSpan(k * samples, samples), packet);
            var coded = packet.AsSpan(0, length);

            // Every stream but the last is self-delimited (RFC 7845 §5.1.1, RFC 6716 Appendix B).
            batch.Packets[k][lane] = lane < encoders.Length - 1 ? OpusFraming.ToSelfDelimited(coded) : coded.ToArray();
        }

        spare.Enqueue(batch.Pcm[lane]);
        batch.Pcm[lane] = [];
    }

    private void WriteBatch(Batch batch)
    {
        foreach (var streams in batch.Packets)
        {
            writer.Add(streams.Length == 1 ? streams[0] : Concatenate(streams), Frame);
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

    /// <summary>Whole 20 ms frames of the mix: each lane's PCM in, each frame's packets (one per lane) out.</summary>
    private sealed class Batch
    {
        public Batch(int count, int lanes)
        {
            Count = count;
            Pcm = new float[lanes][];
            Packets = new byte[count][][];
            for (var k = 0; k < count; k++)
            {
                Packets[k] = new byte[lanes][];
            }
        }

        public int Count { get; }

        public float[][] Pcm { get; }

        public byte[][][] Packets { get; }
    }
}
