using System.Runtime.InteropServices;
using System.Threading.Channels;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Ogg;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>One encoder process fed from the mix: every pipe channel, or a subset of them (in order).</summary>
internal sealed class EncoderSink(FfmpegProcess process, int[]? channels)
{
    private byte[] buffer = [];

    public FfmpegProcess Process { get; } = process;

    /// <summary>Writes frames of the interleaved f32 mix (<paramref name="width"/> channels) to the encoder's stdin.</summary>
    public Task WriteAsync(byte[] mixBytes, int frames, int width, CancellationToken cancellationToken)
    {
        if (channels is null)
        {
            return Process.Stdin.WriteAsync(mixBytes.AsMemory(0, frames * width * sizeof(float)), cancellationToken).AsTask();
        }

        var mix = MemoryMarshal.Cast<byte, float>(mixBytes.AsSpan(0, frames * width * sizeof(float)));

        var k = channels.Length;
        var bytes = frames * k * sizeof(float);
        if (buffer.Length < bytes)
        {
            buffer = new byte[bytes];
        }

        var picked = MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, bytes));
        for (var c = 0; c < k; c++)
        {
            var source = channels[c];
            for (var f = 0; f < frames; f++)
            {
                picked[(f * k) + c] = mix[(f * width) + source];
            }
        }

        return Process.Stdin.WriteAsync(buffer.AsMemory(0, bytes), cancellationToken).AsTask();
    }
}

/// <summary>
/// Every encoder of one mix. Usually a single ffmpeg process writing every format. Ogg Opus with more than two
/// channels (one participant per channel) is instead encoded by several processes in parallel, each coding a
/// group of channels as independent mono Opus streams (each behind its own limiter), and the streams are joined
/// in C# into one multistream Ogg Opus file (mapping family 255): the streams of a multistream are independent,
/// so this is the same file one libopus multistream encoder would write, on as many cores as there are groups.
/// </summary>
internal sealed class EncoderSet : IAsyncDisposable
{
    private readonly List<EncoderSink> sinks = [];
    private readonly List<Task> readers = [];
    private readonly List<Task> muxers = [];
    private readonly CancellationTokenSource stop = new();

    public IReadOnlyList<EncoderSink> Sinks => sinks;

    /// <param name="parallelism">How many processes may share the Opus streams of a many-channel layout.</param>
    public static EncoderSet Start(ChannelRouting routing, IReadOnlyList<(OutputFormat Format, string Path)> outputs, int parallelism)
    {
        var set = new EncoderSet();
        try
        {
            var channels = routing.PipeChannels;
            var split = outputs.Where(o => o.Format.IsOpus && channels is > 2 and <= 255).ToList();
            var together = outputs.Where(o => !split.Contains(o)).ToList();
            if (together.Count > 0)
            {
                set.sinks.Add(new EncoderSink(RoomMixBuilder.StartPiped(EncoderCommand.Create(routing, together)), null));
            }

            foreach (var (format, path) in split)
            {
                set.StartMultistream(channels, format, path, Math.Clamp(parallelism, 1, channels));
            }

            return set;
        }
        catch
        {
            set.Kill();
            throw;
        }
    }

    public void Kill()
    {
        stop.Cancel();
        sinks.ForEach(s => s.Process.Kill());
    }

    /// <summary>After every stdin is closed: every process must succeed, then every multistream file is complete.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.Process.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(readers).ConfigureAwait(false);
        await Task.WhenAll(muxers).ConfigureAwait(false);
    }

    /// <summary>The first encoder that ended with an error within <paramref name="grace"/>, if any.</summary>
    public async Task<FfmpegException?> FailureWithinAsync(TimeSpan grace)
    {
        foreach (var sink in sinks)
        {
            if (await sink.Process.FailureWithinAsync(grace).ConfigureAwait(false) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        foreach (var sink in sinks)
        {
            await sink.Process.DisposeAsync().ConfigureAwait(false);
        }

        // Files must be closed before the caller deletes or renames them.
        try
        {
            await Task.WhenAll([.. readers, .. muxers]).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already reported through FinishAsync, or the mix is being torn down anyway.
        }

        // stop is not disposed: a late cancellation callback may still call Kill.
    }

    private void StartMultistream(int channels, OutputFormat format, string path, int groups)
    {
        groups = Math.Max(groups, (channels + EncoderCommand.MaxOpusStreamsPerProcess - 1) / EncoderCommand.MaxOpusStreamsPerProcess);
        var queues = Enumerable.Range(0, groups)
            .Select(_ => Channel.CreateUnbounded<OggStreamPacket>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }))
            .ToArray();
        var bitrate = OutputFormat.OpusStreamBitrate(channels);
        for (var g = 0; g < groups; g++)
        {
            var first = g * channels / groups;
            var end = (g + 1) * channels / groups;
            int[] members = [.. Enumerable.Range(first, end - first)];
            var process = RoomMixBuilder.StartPiped(EncoderCommand.OpusStreams(members.Length, format.SampleRate, bitrate));
            sinks.Add(new EncoderSink(process, members));
            var writer = queues[g].Writer;
            var name = $"Opus encoder for channels {first}–{end - 1}";
            readers.Add(Task.Factory.StartNew(
                () => OpusMultistreamMuxer.Demultiplex(process.Stdout, name, [writer]),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default));
        }

        var token = stop.Token;
        muxers.Add(Task.Run(async () =>
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            await OpusMultistreamMuxer.MuxAsync([.. queues.Select(q => q.Reader)], file, token).ConfigureAwait(false);
        }, CancellationToken.None));
    }
}
