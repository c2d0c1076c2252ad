using MergeBus.Media.Ffmpeg;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>An ffmpeg encoder process fed the limited mix on stdin (mp3, flac, WAV at rates other than 48 kHz).</summary>
internal sealed class EncoderSink(FfmpegProcess process) : MixSink
{
    public FfmpegProcess Process { get; } = process;

    public override Task WriteAsync(byte[] mixBytes, int frames, int width, CancellationToken cancellationToken) =>
        Process.Stdin.WriteAsync(mixBytes.AsMemory(0, frames * width * sizeof(float)), cancellationToken).AsTask();

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        Process.Stdin.Close();
        await Process.WaitForSuccessAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Kill() => Process.Kill();

    public override ValueTask DisposeAsync() => Process.DisposeAsync();
}

/// <summary>
/// Every output of one mix. Ogg Opus (any channel count) and 48 kHz WAV are written in process; whatever else
/// is asked for (mp3, flac, WAV at another rate) comes from one ffmpeg encoder process fed the same limited PCM.
/// </summary>
internal sealed class EncoderSet : IAsyncDisposable
{
    private readonly List<MixSink> sinks = [];

    public IReadOnlyList<MixSink> Sinks => sinks;

    /// <param name="parallelism">Threads the Opus streams of a many-channel layout are spread over.</param>
    /// <param name="complexity">libopus complexity, 0–10.</param>
    public static EncoderSet Start(ChannelRouting routing, IReadOnlyList<(OutputFormat Format, string Path)> outputs, int parallelism, int complexity)
    {
        var set = new EncoderSet();
        try
        {
            var channels = routing.PipeChannels;
            var ffmpeg = new List<(OutputFormat Format, string Path)>();
            foreach (var (format, path) in outputs)
            {
                if (format.IsOpus)
                {
                    set.sinks.Add(new OpusFileSink(path, channels, format.OpusBitrate(channels), complexity, format.SampleRate, parallelism));
                }
                else if (format.IsWav && format.SampleRate == 48_000)
                {
                    set.sinks.Add(new WavFileSink(path, routing.OutputChannels));
                }
                else
                {
                    ffmpeg.Add((format, path));
                }
            }

            if (ffmpeg.Count > 0)
            {
                set.sinks.Add(new EncoderSink(RoomMixBuilder.StartPiped(EncoderCommand.Create(routing, ffmpeg))));
            }

            return set;
        }
        catch
        {
            set.Kill();
            throw;
        }
    }

    public void Kill() => sinks.ForEach(s => s.Kill());

    /// <summary>After the last write: every file finished, every encoder process succeeded.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first encoder process that ended with an error within <paramref name="grace"/>, if any.</summary>
    public async Task<FfmpegException?> FailureWithinAsync(TimeSpan grace)
    {
        foreach (var sink in sinks.OfType<EncoderSink>())
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
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
