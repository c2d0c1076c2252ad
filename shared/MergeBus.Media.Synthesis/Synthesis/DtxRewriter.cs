using MergeBus.Media.Ogg;

namespace MergeBus.Media.Synthesis;

/// <summary>
/// Turns a continuous Ogg Opus file into what LiveKit records under WebRTC DTX: silent stretches keep one
/// packet per 400 ms, leading silence keeps none, and every hole starts a new page whose granule jumps.
/// </summary>
internal static class DtxRewriter
{
    private const int PacketsPerPage = 10;
    private const int DtxCadencePackets = 20;

    /// <param name="isActive">Whether a packet spanning [start, end) of the file timeline (48 kHz) carries sound.</param>
    public static void Rewrite(string source, string destination, Func<long, long, bool> isActive)
    {
        var (headers, packets, preSkip, finalGranule) = ReadPackets(source);
        var kept = new List<(byte[] Packet, long GranuleEnd)>();
        var lastKeptIndex = -1;
        for (var i = 0; i < packets.Count; i++)
        {
            var (packet, granuleEnd, duration) = packets[i];
            var active = isActive(granuleEnd - duration - preSkip, granuleEnd - preSkip);
            var comfortNoise = lastKeptIndex >= 0 && i - lastKeptIndex >= DtxCadencePackets;
            if (active || comfortNoise)
            {
                kept.Add((packet, granuleEnd));
                lastKeptIndex = i;
            }
        }

        if (kept.Count == 0)
        {
            kept.Add((packets[0].Packet, packets[0].GranuleEnd));
        }

        using var output = File.Create(destination);
        var writer = new OggPageWriter(output, serialNumber: 0x4D42_5359);
        writer.WritePage([headers[0]], 0, beginOfStream: true);
        writer.WritePage([headers[1]], 0);

        var page = new List<byte[]>();
        long pageGranule = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            var (packet, granuleEnd) = kept[i];
            var contiguous = page.Count > 0 && granuleEnd - OpusPacket.Samples48k(packet) == pageGranule;
            if (page.Count > 0 && (!contiguous || page.Count == PacketsPerPage))
            {
                writer.WritePage(page, pageGranule);
                page = [];
            }

            page.Add(packet);
            pageGranule = granuleEnd;
        }

        // Keep the encoder's end trimming when its last packet survived.
        var isOriginalLast = kept.Count > 0 && ReferenceEquals(kept[^1].Packet, packets[^1].Packet);
        writer.WritePage(page, isOriginalLast ? finalGranule : pageGranule, endOfStream: true);
    }

    private static (List<byte[]> Headers, List<(byte[] Packet, long GranuleEnd, int Duration)> Packets, int PreSkip, long FinalGranule) ReadPackets(string source)
    {
        using var stream = File.OpenRead(source);
        var reader = new OggPageReader(stream, Path.GetFileName(source));
        var assembler = new OggPacketAssembler();
        var headers = new List<byte[]>();
        var packets = new List<(byte[], long, int)>();
        long position = -1;
        long finalGranule = 0;
        while (reader.ReadPage() is { } page)
        {
            var completed = assembler.CompletedOn(page);
            var audio = new List<byte[]>();
            foreach (var packet in completed)
            {
                if (headers.Count < 2)
                {
                    headers.Add(packet);
                }
                else
                {
                    audio.Add(packet);
                }
            }

            if (audio.Count == 0)
            {
                continue;
            }

            // The encoder's stream is continuous: place packets one after another from the first page's start.
            if (position < 0)
            {
                position = page.GranulePosition - audio.Sum(p => OpusPacket.Samples48k(p));
            }

            foreach (var packet in audio)
            {
                var duration = OpusPacket.Samples48k(packet);
                position += duration;
                packets.Add((packet, position, duration));
            }

            finalGranule = page.GranulePosition;
        }

        var preSkip = OpusHead.TryParse(headers[0])?.PreSkip ?? 0;
        return (headers, packets, preSkip, finalGranule);
    }
}
