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
}
