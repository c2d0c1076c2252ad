using System.Buffers.Binary;
using MergeBus.Protocol;

namespace MergeBus.Media.Ogg;

/// <summary>Reads Ogg pages in order, checking the capture pattern, version and CRC of each.</summary>
public sealed class OggPageReader(Stream stream, string displayName)
{
    private const int HeaderSize = 27;
    private readonly byte[] header = new byte[HeaderSize];
    private long offset;

    /// <summary>The next page, or null at a clean end of file. Damage throws <see cref="PermanentMergeException"/>.</summary>
    public OggPage? ReadPage()
    {
        var got = ReadFully(header);
        if (got == 0)
        {
            return null;
        }

        var pageOffset = offset;
        if (got < HeaderSize)
        {
            throw Corrupt($"truncated Ogg page header at byte {pageOffset}");
        }

        if (header[0] != 'O' || header[1] != 'g' || header[2] != 'g' || header[3] != 'S')
        {
            throw Corrupt($"no Ogg page at byte {pageOffset}");
        }

        if (header[4] != 0)
        {
            throw Corrupt($"unknown Ogg version {header[4]} at byte {pageOffset}");
        }

        var lacing = new byte[header[26]];
        if (ReadFully(lacing) < lacing.Length)
        {
            throw Corrupt($"truncated Ogg page at byte {pageOffset}");
        }

        var bodyLength = 0;
        foreach (var value in lacing)
        {
            bodyLength += value;
        }

        var body = new byte[bodyLength];
        if (ReadFully(body) < body.Length)
        {
            throw Corrupt($"truncated Ogg page at byte {pageOffset}");
        }

        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(22));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), 0);
        var crc = OggCrc.Compute(body, OggCrc.Compute(lacing, OggCrc.Compute(header)));
        if (crc != storedCrc)
        {
            throw Corrupt($"Ogg page CRC mismatch at byte {pageOffset}");
        }

        offset += HeaderSize + lacing.Length + body.Length;
        return new OggPage(
            header[5],
            BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(6)),
            BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(14)),
            BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(18)),
            lacing,
            body,
            pageOffset);
    }

    private int ReadFully(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private PermanentMergeException Corrupt(string what) => new($"{displayName}: not a readable audio file ({what})");
}
