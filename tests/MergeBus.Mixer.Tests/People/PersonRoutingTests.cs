using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Tests.People;

/// <summary>Channel routing by person: a person's inputs share one channel (or one side) whatever their number.</summary>
public sealed class PersonRoutingTests
{
    // alice rejoins (two participant ids), bob is an agent, carol is one entry, and a track without identity is its own person.
    private static readonly MixInput[] Inputs =
    [
        new("PA_alice_1", "a1.ogg", 0, false) { Identity = "alice" },
        new("PA_bob", "b.ogg", 0, true) { Identity = "bob" },
        new("PA_carol", "c.ogg", 0, false) { Identity = "carol" },
        new("PA_alice_2", "a2.ogg", 48_000, false) { Identity = "alice" },
        new("PA_anon", "x.ogg", 0, false),
    ];

    private static ChannelRouting Route(string layout) => ChannelRouting.Create(layout, Inputs, [.. Inputs.Select(_ => 1)], 2);

    [Fact]
    public void Per_participant_gives_one_channel_per_person_in_order_of_their_first_input()
    {
        var routing = Route(MixLayouts.PerParticipant);

        Assert.Equal(4, routing.OutputChannels);
        Assert.Equal(["alice", "bob", "carol", "PA_anon"], routing.Assignments.Select(a => a.ParticipantIdentities.Single()));
        Assert.Equal(["PA_alice_1", "PA_alice_2"], routing.Assignments[0].ParticipantIds);
        Assert.Equal(routing.Taps[0].Single().OutputChannel, routing.Taps[3].Single().OutputChannel);
    }

    [Fact]
    public void Dual_channel_alternate_alternates_people_not_tracks()
    {
        var routing = Route(MixLayouts.DualChannelAlternate);

        Assert.Equal(["alice", "carol"], routing.Assignments[0].ParticipantIdentities);
        Assert.Equal(["bob", "PA_anon"], routing.Assignments[1].ParticipantIdentities);
        Assert.Equal(["PA_alice_1", "PA_carol", "PA_alice_2"], routing.Assignments[0].ParticipantIds);
    }

    [Fact]
    public void Dual_channel_agent_puts_a_person_on_the_agent_side_when_any_of_their_tracks_is_an_agents()
    {
        MixInput[] inputs =
        [
            new("PA_bot_audio", "1.ogg", 0, false) { Identity = "bot" },
            new("PA_human", "2.ogg", 0, false) { Identity = "human" },
            new("PA_bot_tts", "3.ogg", 0, true) { Identity = "bot" },
        ];
        var routing = ChannelRouting.Create(MixLayouts.DualChannelAgent, inputs, [1, 1, 1], 2);

        Assert.Equal(["bot"], routing.Assignments[0].ParticipantIdentities);
        Assert.Equal(["PA_bot_audio", "PA_bot_tts"], routing.Assignments[0].ParticipantIds);
        Assert.Equal(["human"], routing.Assignments[1].ParticipantIdentities);
    }

    [Fact]
    public void A_mono_voice_in_a_stereo_room_mix_is_measured_as_two_copies_and_on_its_own_channel_as_one()
    {
        var room = Route(MixLayouts.Mix).Views[0].Rows.Single();
        var own = Route(MixLayouts.PerParticipant).Views[0].Rows.Single();

        Assert.Equal(2, room.Copies);
        Assert.Equal(1, own.Copies);
    }

    [Fact]
    public void A_stereo_input_is_measured_as_folded_on_one_channel_and_as_stereo_in_a_stereo_room_mix()
    {
        MixInput[] inputs = [new("PA_s", "s.ogg", 0, false) { Identity = "s" }];
        var folded = ChannelRouting.Create(MixLayouts.PerParticipant, inputs, [2], 2).Views[0].Rows.Single();
        var stereo = ChannelRouting.Create(MixLayouts.Mix, inputs, [2], 2).Views[0].Rows;

        Assert.Equal([0.5f, 0.5f], folded.Coefficients);
        Assert.Equal([[1f, 0f], [0f, 1f]], stereo.Select(r => r.Coefficients));
    }
}
