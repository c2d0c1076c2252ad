using System.Buffers.Binary;
using MergeBus.Media.Ogg;
using MergeBus.Protocol;

namespace MergeBus.Mixer.Tests;

/// <summary>Granules near 2^63 are a broken file: reading its timeline fails instead of wrapping to negative positions.</summary>
public sealed class OpusTimelineOverflowTests
{
    [Fact]
    public void An_overlapping_page_whose_corrected_end_passes_2_to_the_63_fails_as_unreadable_audio()
    {
        const long nearMax = long.MaxValue - 100;
        using var file = new MemoryStream();
        var writer = new OggPageWriter(file, serialNumber: 3);
        byte[] head = [.. "OpusHead"u8, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), 312);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        writer.WritePage([head], 0, beginOfStream: true);
        writer.WritePage([[.. "OpusTags"u8, 0, 0, 0, 0, 0, 0, 0, 0]], 0);
        writer.WritePage([[0x80]], nearMax);
        writer.WritePage([[0x80]], nearMax); // starts before the previous page ended: placed right after it, past 2^63
        writer.WritePage([[0x80]], nearMax, endOfStream: true);
        file.Position = 0;

        var error = Assert.Throws<PermanentMergeException>(() => OpusTimeline.Read(file, "near-max.ogg"));

        Assert.StartsWith("near-max.ogg: not a readable audio file (granule position overflows on the page at byte ", error.Message, StringComparison.Ordinal);
    }
}
