using System.Buffers.Binary;
using MergeBus.Media.Ogg;
using MergeBus.Protocol;

namespace MergeBus.Media.Tests.Ogg;

/// <summary>Hand-built Ogg Opus streams: holes, end trimming, overlaps, pre-skip and damage.</summary>
public sealed class OggStructureTests
{
    private const int PreSkip = 312;
    private static readonly byte[] Celt20Ms = [0xF8, 0x00]; // TOC config 31 (CELT FB 20 ms), one frame.

    [Fact]
    public void A_page_that_starts_after_the_previous_one_ended_opens_a_hole()
    {
        // Packets at granule [0,1920) and [9600,11520): a 7680-sample hole.
        var timeline = Read(Pages((2, 1920), (2, 11520)));

        Assert.Equal(1, timeline.HoleCount);
        Assert.Equal(new OpusTimelineSegment(1920 - PreSkip, 9600 - PreSkip, 1920), timeline.Segments[1]);
    }

    [Fact]
    public void Pre_skip_samples_are_dropped_from_the_first_segment()
    {
        var timeline = Read(Pages((3, 2880)));

        Assert.Equal(new OpusTimelineSegment(0, 0, 2880 - PreSkip), timeline.Segments.Single());
    }

    [Fact]
    public void A_final_page_granule_below_its_packets_trims_the_end()
    {
        // The last page carries 2 packets (1920) but its granule adds only 1000 to the previous end.
        var timeline = Read(Pages((2, 1920), (2, 2920)));

        Assert.Equal(2920 - PreSkip, timeline.EndSamples);
        Assert.Equal(3840 - PreSkip, timeline.ConcatenatedDecodedSamples);
    }

    [Fact]
    public void A_middle_page_that_claims_to_start_early_is_placed_right_after_its_predecessor()
    {
        var timeline = Read(Pages((2, 1920), (2, 2920), (1, 9600)));

        Assert.Equal(1, timeline.OverlapsCorrected);
        Assert.Equal(3840 - PreSkip, timeline.Segments[0].TimelineEnd);
        Assert.Equal(9600 - 960 - PreSkip, timeline.Segments[^1].TimelineStart);
    }

    [Fact]
    public void A_flipped_byte_fails_the_page_crc()
    {
        var bytes = Pages((2, 1920), (2, 3840));
        bytes[^3] ^= 0x40;

        var error = Assert.Throws<PermanentMergeException>(() => Read(bytes));
        Assert.Contains("CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_cut_mid_page_is_reported_as_truncated()
    {
        var bytes = Pages((2, 1920), (2, 3840));

        var error = Assert.Throws<PermanentMergeException>(() => Read(bytes[..^5]));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_without_opus_head_is_not_readable_audio()
    {
        using var stream = new MemoryStream();
        new OggPageWriter(stream, 1).WritePage([[1, 2, 3]], 0, beginOfStream: true);
        stream.Position = 0;

        Assert.Throws<PermanentMergeException>(() => OpusTimeline.Read(stream, "x.ogg"));
    }

    [Theory]
    [InlineData(new byte[] { 0xF8 }, 960)] // CELT FB 20 ms, 1 frame
    [InlineData(new byte[] { 0xF9 }, 1920)] // 2 frames
    [InlineData(new byte[] { 0xFB, 0x03 }, 2880)] // code 3, 3 frames
    [InlineData(new byte[] { 0x08 }, 960)] // SILK NB 20 ms
    [InlineData(new byte[] { 0x18 }, 2880)] // SILK NB 60 ms
    [InlineData(new byte[] { 0x60 }, 480)] // Hybrid SWB 10 ms
    [InlineData(new byte[] { 0x80 }, 120)] // CELT NB 2.5 ms
    public void The_toc_byte_gives_the_packet_duration(byte[] packet, int samples)
    {
        Assert.Equal(samples, OpusPacket.Samples48k(packet));
    }

    [Fact]
    public void A_packet_longer_than_120_ms_is_malformed()
    {
        Assert.Equal(-1, OpusPacket.Samples48k([0x1B, 0x03])); // 3 × 60 ms
    }

    private static OpusTimeline Read(byte[] bytes) => OpusTimeline.Read(new MemoryStream(bytes), "test.ogg");

    /// <summary>An Ogg Opus stream: headers, then one page per (packet count, granule) pair, last one EOS.</summary>
    private static byte[] Pages(params (int Packets, long Granule)[] pages)
    {
        using var stream = new MemoryStream();
        var writer = new OggPageWriter(stream, 7);
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        writer.WritePage([head], 0, beginOfStream: true);
        writer.WritePage(["OpusTags\0\0\0\0\0\0\0\0"u8.ToArray()], 0);
        for (var i = 0; i < pages.Length; i++)
        {
            writer.WritePage([.. Enumerable.Repeat(Celt20Ms, pages[i].Packets)], pages[i].Granule, endOfStream: i == pages.Length - 1);
        }

        return stream.ToArray();
    }
}
