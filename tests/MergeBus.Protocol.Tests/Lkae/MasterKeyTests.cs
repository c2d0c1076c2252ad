using MergeBus.Protocol.Lkae;

namespace MergeBus.Protocol.Tests.Lkae;

public class MasterKeyTests
{
    [Fact]
    public void Base64_of_32_bytes_parses_to_those_bytes() =>
        Assert.Equal(LkaeTestData.Key, MasterKey.Parse(Convert.ToBase64String(LkaeTestData.Key)));

    [Theory]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g")]
    [InlineData("not base64 at all!!")]
    [InlineData("")]
    public void Anything_but_base64_of_32_bytes_is_rejected_without_echoing_the_value(string value)
    {
        var ex = Assert.Throws<PermanentMergeException>(() => MasterKey.Parse(value));

        Assert.Equal("master key must be base64 of 32 bytes", ex.Message);
    }

    [Fact]
    public void The_lkae_magic_is_recognised() => Assert.True(LkaeFormat.IsLkae("LKAE\u0001"u8));

    [Fact]
    public void An_ogg_file_is_not_lkae() => Assert.False(LkaeFormat.IsLkae("OggS"u8));
}
