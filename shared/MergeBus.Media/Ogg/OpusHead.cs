using System.Buffers.Binary;

namespace MergeBus.Media.Ogg;

/// <summary>The Ogg Opus identification header (RFC 7845 §5.1).</summary>
public sealed record OpusHead(int Channels, int PreSkip, int InputSampleRate, int MappingFamily)
{
    public static bool IsOpusHead(ReadOnlySpan<byte> packet) =>
        packet.Length >= 19 && packet[..8].SequenceEqual("OpusHead"u8);

    public static OpusHead? TryParse(ReadOnlySpan<byte> packet)
    {
        if (!IsOpusHead(packet) || packet[9] == 0)
        {
            return null;
        }

        return new OpusHead(
            packet[9],
            BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(packet[12..]),
            packet[18]);
    }

    /// <summary>
    /// An OpusHead (version 1, output gain 0) for channel mapping family 255: <paramref name="channels"/> uncoupled
    /// mono streams, stream i on channel i. Nothing treats any channel as LFE or as part of a surround layout.
    /// </summary>
    public static byte[] Family255(int channels, int preSkip, int inputSampleRate)
    {
        if (channels is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "an Ogg Opus stream holds 1 to 255 channels");
        }

        var packet = new byte[21 + channels];
        "OpusHead"u8.CopyTo(packet);
        packet[8] = 1;
        packet[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(10), checked((ushort)preSkip));
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(12), (uint)inputSampleRate);
        packet[16] = 0;
        packet[17] = 0;
        packet[18] = 255;
        packet[19] = (byte)channels; // stream count
        packet[20] = 0; // coupled streams
        for (var c = 0; c < channels; c++)
        {
            packet[21 + c] = (byte)c;
        }

        return packet;
    }
}
