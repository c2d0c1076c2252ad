using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MergeBus.Storage.WorkFolders;

namespace MergeBus.Mixer.Components.Mixing;

/// <summary>
/// 16-bit PCM WAV at 48 kHz written in process (other rates go through ffmpeg, which resamples). A dual-mono
/// room mix is widened to two identical channels here. More than two channels use WAVE_FORMAT_EXTENSIBLE with
/// no speaker positions: every channel is one participant, not a surround speaker.
/// </summary>
internal sealed class WavFileSink : MixSink
{
    private const int HeaderBytes = 68;

    private readonly FileStream file;
    private readonly int outputChannels;
    private byte[] buffer = [];
    private long dataBytes;

    public WavFileSink(string path, int outputChannels)
    {
        this.outputChannels = outputChannels;
        file = PrivateFiles.CreateFile(path, 1 << 16); // plaintext audio: this user only (0600)
        file.Write(Header(0));
    }

    public override Task WriteAsync(byte[] mixBytes, int frames, int width, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            var mix = MemoryMarshal.Cast<byte, float>(mixBytes.AsSpan(0, frames * width * sizeof(float)));
            var bytes = frames * outputChannels * sizeof(short);
            if (buffer.Length < bytes)
            {
                buffer = new byte[bytes];
            }

            var samples = MemoryMarshal.Cast<byte, short>(buffer.AsSpan(0, bytes));
            for (var f = 0; f < frames; f++)
            {
                for (var c = 0; c < outputChannels; c++)
                {
                    samples[(f * outputChannels) + c] = ToPcm16(mix[(f * width) + Math.Min(c, width - 1)]);
                }
            }

            file.Write(buffer, 0, bytes);
            dataBytes += bytes;
        },
        cancellationToken);

    public override Task CompleteAsync(CancellationToken cancellationToken)
    {
        file.Position = 0;
        file.Write(Header(dataBytes));
        file.Flush(flushToDisk: false);
        file.Dispose();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => file.DisposeAsync();

    /// <summary>Round to nearest, clip to the 16-bit range (the limiter keeps us well inside it).</summary>
    private static short ToPcm16(float x) => (short)Math.Clamp(MathF.Round(x * 32768f), short.MinValue, short.MaxValue);

    private byte[] Header(long data)
    {
        var header = new byte[HeaderBytes];
        var span = header.AsSpan();
        var blockAlign = outputChannels * 2;
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)Math.Min(uint.MaxValue, data + HeaderBytes - 8));
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 40);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], outputChannels <= 2 ? (ushort)1 : (ushort)0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)outputChannels);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], 48_000);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(48_000 * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[36..], 22); // extension size
        BinaryPrimitives.WriteUInt16LittleEndian(span[38..], 16); // valid bits
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], MergeBus.Media.Wav.DiscreteChannelMask.For(outputChannels)); // positions a meter weights 1.0
        // KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71
        byte[] pcm = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        pcm.CopyTo(span[44..]);
        "data"u8.CopyTo(span[60..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[64..], (uint)Math.Min(uint.MaxValue, data));
        return header;
    }
}
