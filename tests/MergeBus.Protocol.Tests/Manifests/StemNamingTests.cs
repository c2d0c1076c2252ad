using MergeBus.Protocol.Manifests;

namespace MergeBus.Protocol.Tests.Manifests;

public class StemNamingTests
{
    [Fact]
    public void A_stem_is_named_after_the_mix_and_the_sanitized_identity_beside_the_mix()
    {
        var keys = StemNaming.KeysFor("rooms/S1/room_mix_call.ogg", ["Ann Lee (host)"]);

        Assert.Equal("rooms/S1/room_mix_call_Ann_Lee_host.ogg", keys["Ann Lee (host)"]);
    }

    [Fact]
    public void Identities_that_sanitize_alike_are_numbered_in_the_order_given()
    {
        var keys = StemNaming.KeysFor("room_mix_call.wav", ["ann lee", "ann/lee", "ann:lee"]);

        Assert.Equal(["room_mix_call_ann_lee.wav", "room_mix_call_ann_lee_2.wav", "room_mix_call_ann_lee_3.wav"],
            [keys["ann lee"], keys["ann/lee"], keys["ann:lee"]]);
    }

    [Fact]
    public void A_numbered_name_never_lands_on_another_persons_own_name()
    {
        var keys = StemNaming.KeysFor("m.wav", ["a b", "a_b_2", "a.b"]);

        Assert.Equal(["m_a_b.wav", "m_a_b_2.wav", "m_a_b_3.wav"], [keys["a b"], keys["a_b_2"], keys["a.b"]]);
    }

    [Fact]
    public void Identities_differing_only_in_case_get_two_stems_on_stores_that_ignore_case()
    {
        var keys = StemNaming.KeysFor("m.wav", ["Ann", "ann"]);

        Assert.Equal(["m_Ann.wav", "m_ann_2.wav"], [keys["Ann"], keys["ann"]]);
    }

    [Fact]
    public void An_identity_with_no_character_kept_is_named_person()
    {
        var keys = StemNaming.KeysFor("m.flac", ["日本"]);

        Assert.Equal("m_person.flac", keys["日本"]);
    }
}
