using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MergeBus.Media.Ffmpeg;
using MergeBus.Media.Ogg;

namespace MergeBus.Media.Analysis;

/// <summary>Any file ffmpeg can read, decoded to 48 kHz float, one array per channel.</summary>
public sealed class DecodedAudio
{
    public const int SampleRate = 48000;

    private DecodedAudio(float[][] channels, double declaredSeconds, uint channelMask)
    {
        Channels = channels;
        DeclaredDurationSeconds = declaredSeconds;
        ChannelMask = channelMask;
    }

    /// <summary>
    /// The speaker positions ffmpeg read the file with (WAVE_FORMAT_EXTENSIBLE mask of its decode: the file's own, or
    /// ffmpeg's guess when the file names none); 0 when it had none. A meter of the file weights channels by these.
    /// </summary>
    public uint ChannelMask { get; }

    public IReadOnlyList<float[]> Channels { get; }

    public int ChannelCount => Channels.Count;

    public long Samples => Channels[0].Length;

    public double DecodedSeconds => Samples / (double)SampleRate;

    /// <summary>
    /// The length a player honours: for Ogg Opus, last granule − pre_skip (ffmpeg does not always apply
    /// end trimming); for everything else, what decodes.
    /// </summary>
    public double DeclaredDurationSeconds { get; }

    public float[] this[int channel] => Channels[channel];

    public static async Task<DecodedAudio> DecodeAsync(string path, CancellationToken cancellationToken = default)
    {
        using var wav = new MemoryStream();
        await FfmpegRunner.RunAsync(
            FfmpegCommand.Ffmpeg("-loglevel", "error", "-i", FfmpegCommand.LocalFile(path), "-map", "0:a:0", "-ar", "48000", "-c:a", "pcm_f32le", "-f", "wav", "pipe:1"),
            cancellationToken,
            readStdout: (stdout, ct) => stdout.CopyToAsync(wav, ct)).ConfigureAwait(false);
        var (channels, mask) = Deinterleave(wav.GetBuffer().AsSpan(0, (int)wav.Length));
        var declared = OpusTimeline.LooksLikeOggOpus(path)
            ? OpusTimeline.Read(path).EndSamples / (double)SampleRate
            : channels[0].Length / (double)SampleRate;
        return new DecodedAudio(channels, declared, mask);
    }

    /// <summary>Reads ffmpeg's streamed WAV: fmt gives the channel count, data runs to the end (its size field is unreliable on a pipe).</summary>
    private static (float[][] Channels, uint Mask) Deinterleave(ReadOnlySpan<byte> wav)
    {
        var channelCount = 0;
        var mask = 0u;
        var at = 12;
        while (at + 8 <= wav.Length)
        {
            var id = wav.Slice(at, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(wav[(at + 4)..]);
            if (id.SequenceEqual("fmt "u8))
            {
                channelCount = BinaryPrimitives.ReadUInt16LittleEndian(wav[(at + 10)..]);
                if (size >= 40 && BinaryPrimitives.ReadUInt16LittleEndian(wav[(at + 8)..]) == 0xFFFE)
                {
                    mask = BinaryPrimitives.ReadUInt32LittleEndian(wav[(at + 28)..]);
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                var data = wav[(at + 8)..];
                data = data[..(data.Length - (data.Length % (4 * channelCount)))];
                var samples = MemoryMarshal.Cast<byte, float>(data);
                var frames = samples.Length / channelCount;
                var channels = new float[channelCount][];
                for (var c = 0; c < channelCount; c++)
                {
                    channels[c] = new float[frames];
                    for (var f = 0; f < frames; f++)
                    {
                        channels[c][f] = samples[(f * channelCount) + c];
                    }
                }

                return (channels, mask);
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException("ffmpeg produced no WAV data chunk");
    }
}
