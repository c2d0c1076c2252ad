using System.Buffers.Binary;

namespace MergeBus.Media.Ogg;

/// <summary>Writes whole packets into Ogg pages (one page per call), numbering pages and computing CRCs.</summary>
public sealed class OggPageWriter(Stream stream, uint serialNumber, uint firstSequenceNumber = 0)
{
    private uint sequence = firstSequenceNumber;

    /// <summary>Writes one page holding <paramref name="packets"/> completely. <paramref name="granulePosition"/> marks the end of the last.</summary>
    public void WritePage(IReadOnlyList<byte[]> packets, long granulePosition, bool beginOfStream = false, bool endOfStream = false)
    {
        var lacing = new List<byte>();
        var bodyLength = 0;
        foreach (var packet in packets)
        {
            var remaining = packet.Length;
            while (remaining >= 255)
            {
                lacing.Add(255);
                remaining -= 255;
            }

            lacing.Add((byte)remaining);
            bodyLength += packet.Length;
        }

        if (lacing.Count > 255)
        {
            throw new ArgumentException($"{packets.Count} packets of {bodyLength} bytes do not fit one Ogg page", nameof(packets));
        }

        var page = new byte[27 + lacing.Count + bodyLength];
        "OggS"u8.CopyTo(page);
        page[4] = 0;
        page[5] = (byte)((beginOfStream ? OggPage.BeginOfStreamFlag : 0) | (endOfStream ? OggPage.EndOfStreamFlag : 0));
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granulePosition);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), serialNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence++);
        page[26] = (byte)lacing.Count;
        lacing.CopyTo(page, 27);
        var at = 27 + lacing.Count;
        foreach (var packet in packets)
        {
            packet.CopyTo(page, at);
            at += packet.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggCrc.Compute(page));
        stream.Write(page);
    }
}
