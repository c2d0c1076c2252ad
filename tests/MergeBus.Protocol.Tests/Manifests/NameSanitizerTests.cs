using MergeBus.Protocol.Manifests;

namespace MergeBus.Protocol.Tests.Manifests;

public class NameSanitizerTests
{
    [Theory]
    [InlineData("call-1770953256570-526", "call-1770953256570-526")]
    [InlineData("team_sync", "team_sync")]
    [InlineData("Team Sync", "Team_Sync")]
    [InlineData("a  /  b", "a_b")]
    [InlineData("a!@#b", "a_b")]
    public void Letters_digits_dashes_and_underscores_are_kept_and_other_runs_become_one_underscore(string name, string expected) =>
        Assert.Equal(expected, NameSanitizer.Sanitize(name));

    [Theory]
    [InlineData("  room  ", "room")]
    [InlineData("__x__", "x")]
    [InlineData("(weekly)", "weekly")]
    public void Underscores_are_trimmed_from_both_ends(string name, string expected) =>
        Assert.Equal(expected, NameSanitizer.Sanitize(name));

    [Theory]
    [InlineData("")]
    [InlineData("___")]
    [InlineData("/../")]
    [InlineData(null)]
    public void A_name_with_nothing_left_becomes_room(string? name) =>
        Assert.Equal("room", NameSanitizer.Sanitize(name));

    [Fact]
    public void Path_separators_and_dots_cannot_survive_sanitising() =>
        Assert.Equal("etc_passwd", NameSanitizer.Sanitize("../etc/passwd"));

    [Fact]
    public void Non_ascii_letters_are_replaced_like_the_go_egress_does() =>
        Assert.Equal("caf", NameSanitizer.Sanitize("café"));
}
