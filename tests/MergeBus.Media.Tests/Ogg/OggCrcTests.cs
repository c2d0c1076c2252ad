using System.Text;
using MergeBus.Media.Ogg;

namespace MergeBus.Media.Tests.Ogg;

/// <summary>The CRC every Ogg page is checked and written with: eight bytes per step, the same value as one byte per step.</summary>
public sealed class OggCrcTests
{
    [Fact]
    public void The_crc_of_the_standard_check_string_is_crc_32_cksum_without_its_final_xor()
    {
        // CRC-32/CKSUM (the same polynomial, unreflected, initial 0) checks "123456789" as 0x765E7680 after its
        // final xor with 0xFFFFFFFF; Ogg has no final xor.
        Assert.Equal(0x765E7680u ^ 0xFFFFFFFFu, OggCrc.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Every_length_and_starting_value_gives_the_byte_at_a_time_crc()
    {
        var random = new Random(22);
        var data = new byte[70_000];
        random.NextBytes(data);
        foreach (var length in Enumerable.Range(0, 40).Concat([255, 4096, 65_307, 70_000]))
        {
            foreach (var start in new uint[] { 0, 0xFFFFFFFF, (uint)random.Next() })
            {
                var span = data.AsSpan(random.Next(0, data.Length - length + 1), length);

                Assert.Equal(OggCrc.ComputeBytewise(span, start), OggCrc.Compute(span, start));
            }
        }
    }

    [Fact]
    public void A_crc_computed_in_pieces_equals_the_crc_of_the_whole()
    {
        var data = new byte[1000];
        new Random(7).NextBytes(data);

        Assert.Equal(OggCrc.Compute(data), OggCrc.Compute(data.AsSpan(13), OggCrc.Compute(data.AsSpan(0, 13))));
    }
}
