namespace MergeBus.Media.Ogg;

/// <summary>Reads an Opus packet's duration from its TOC byte (RFC 6716 §3.1), in 48 kHz samples.</summary>
public static class OpusPacket
{
    /// <summary>Samples at 48 kHz, or -1 if the packet is malformed.</summary>
    public static int Samples48k(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return -1;
        }

        var toc = packet[0];
        var frames = (toc & 0x3) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length >= 2 ? packet[1] & 0x3F : -1,
        };
        if (frames <= 0)
        {
            return -1;
        }

        var total = frames * FrameSamples48k(toc >> 3);
        return total > 5760 ? -1 : total; // RFC 6716: at most 120 ms per packet.
    }

    /// <summary>Frame size of a TOC configuration: SILK 10/20/40/60 ms, Hybrid 10/20 ms, CELT 2.5/5/10/20 ms.</summary>
    public static int FrameSamples48k(int config) => config switch
    {
        < 12 => (config & 3) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 },
        < 16 => (config & 1) == 0 ? 480 : 960,
        _ => (config & 3) switch { 0 => 120, 1 => 240, 2 => 480, _ => 960 },
    };
}
