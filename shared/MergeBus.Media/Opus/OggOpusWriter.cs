using System.Buffers.Binary;
using System.Text;
using MergeBus.Media.Ogg;

namespace MergeBus.Media.Opus;

/// <summary>
/// Writes an Ogg Opus file (RFC 7845) from encoded packets: OpusHead and OpusTags on pages of their own, then
/// about one second of packets per page (as ffmpeg's Ogg muxer does); the last page's granule trims the end.
/// </summary>
public sealed class OggOpusWriter
{
    private const int PageSamples = 48_000;

    /// <summary>One Ogg page holds at most 255 lacing values.</summary>
    private const int MaxLacing = 255;

    private readonly OggPageWriter pages;
    private readonly int preSkip;
    private readonly List<byte[]> pending = [];
    private int pendingLacing;
    private long pendingSamples;
    private long granule;

    /// <param name="head">The OpusHead packet (see <see cref="OpusHead.Family255"/> or <see cref="MonoOrStereoHead"/>).</param>
    public OggOpusWriter(Stream output, byte[] head, int preSkip)
    {
        this.preSkip = preSkip;
        pages = new OggPageWriter(output, (uint)Random.Shared.Next());
        pages.WritePage([head], 0, beginOfStream: true);
        pages.WritePage([Tags()], 0);
    }

    /// <summary>A family-0 OpusHead (version 1, output gain 0).</summary>
    public static byte[] MonoOrStereoHead(int channels, int preSkip, int inputSampleRate)
    {
        var packet = new byte[19];
        "OpusHead"u8.CopyTo(packet);
        packet[8] = 1;
        packet[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(10), checked((ushort)preSkip));
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(12), (uint)inputSampleRate);
        return packet;
    }

    /// <summary>Adds one packet of <paramref name="samples"/> (48 kHz) samples.</summary>
    public void Add(byte[] packet, int samples)
    {
        // A full page is written only when the next packet arrives, so the last page always holds a packet to trim.
        var lacing = (packet.Length / 255) + 1;
        if (pending.Count > 0 && (pendingLacing + lacing > MaxLacing || pendingSamples >= PageSamples))
        {
            FlushPage(endOfStream: false, finalGranule: null);
        }

        pending.Add(packet);
        pendingLacing += lacing;
        pendingSamples += samples;
    }

    /// <summary>Writes the last page: its granule says the stream holds exactly <paramref name="audioSamples"/> after the pre-skip.</summary>
    public void Finish(long audioSamples)
    {
        FlushPage(endOfStream: true, finalGranule: preSkip + audioSamples);
    }

    private void FlushPage(bool endOfStream, long? finalGranule)
    {
        if (pending.Count == 0 && !endOfStream)
        {
            return;
        }

        granule += pendingSamples;
        var position = finalGranule is { } end ? Math.Min(end, granule) : granule;
        pages.WritePage(pending, position, endOfStream: endOfStream);
        pending.Clear();
        pendingLacing = 0;
        pendingSamples = 0;
    }

    private static byte[] Tags()
    {
        var vendor = Encoding.UTF8.GetBytes($"MergeBus ({OpusLibrary.Version ?? "libopus"})");
        var packet = new byte[8 + 4 + vendor.Length + 4];
        "OpusTags"u8.CopyTo(packet);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), (uint)vendor.Length);
        vendor.CopyTo(packet, 12);
        return packet;
    }
}
