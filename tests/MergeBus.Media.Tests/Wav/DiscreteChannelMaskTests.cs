using System.Buffers.Binary;
using MergeBus.Media.Wav;

namespace MergeBus.Media.Tests.Wav;

public sealed class DiscreteChannelMaskTests
{
    [Fact]
    public void Three_voices_sit_front_left_front_right_and_front_centre()
    {
        Assert.Equal(0x7u, DiscreteChannelMask.For(3));
    }

    [Fact]
    public void No_voice_is_given_an_LFE_side_or_back_position_up_to_nine_channels()
    {
        const uint LfeSideOrBack = 0x8 | 0x10 | 0x20 | 0x100 | 0x200 | 0x400 | 0x8000 | 0x10000 | 0x20000;
        for (var channels = 1; channels <= DiscreteChannelMask.MaxChannels; channels++)
        {
            var mask = DiscreteChannelMask.For(channels);
            Assert.Equal(channels, System.Numerics.BitOperations.PopCount(mask));
            Assert.Equal(0u, mask & LfeSideOrBack);
        }
    }

    [Fact]
    public void Past_nine_channels_no_positions_are_named()
    {
        Assert.Equal(0u, DiscreteChannelMask.For(10));
    }

    [Fact]
    public void Declare_writes_the_positions_into_an_extensible_header_and_leaves_a_plain_one_alone()
    {
        var extensible = Path.GetTempFileName();
        var plain = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(extensible, Header(0xFFFE, 3));
            File.WriteAllBytes(plain, Header(1, 3));

            Assert.True(DiscreteChannelMask.Declare(extensible, 3));
            Assert.False(DiscreteChannelMask.Declare(plain, 3));
            Assert.Equal(0x7u, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(extensible).AsSpan(40)));
            Assert.Equal(Header(1, 3), File.ReadAllBytes(plain));
        }
        finally
        {
            File.Delete(extensible);
            File.Delete(plain);
        }
    }

    /// <summary>RIFF/WAVE with a 40-byte fmt chunk (mask 0) and an empty data chunk.</summary>
    private static byte[] Header(ushort formatTag, ushort channels)
    {
        var header = new byte[68];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 60);
        "WAVE"u8.CopyTo(header.AsSpan(8));
        "fmt "u8.CopyTo(header.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 40);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), channels);
        "data"u8.CopyTo(header.AsSpan(60));
        return header;
    }
}
