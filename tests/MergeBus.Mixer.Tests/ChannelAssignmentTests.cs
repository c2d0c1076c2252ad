using MergeBus.Mixer.Tests.Support;

namespace MergeBus.Mixer.Tests;

public sealed class ChannelAssignmentTests(SyntheticSessionFixture fixture) : IClassFixture<SyntheticSessionFixture>
{
    private IReadOnlyList<string> Ids => SessionMixing.Inputs(fixture.Session).Select(i => i.ParticipantId).ToList();

    [Fact]
    public async Task Per_participant_gives_each_participant_its_own_channel_in_input_order()
    {
        var mixed = await fixture.MixAsync("per_participant", ["wav_pcm"]);

        Assert.Equal(3, mixed.Decoded["wav_pcm"].ChannelCount);
        Assert.Equal(Ids.Select(id => new[] { id }), mixed.Result.Channels.Select(c => c.ParticipantIds.ToArray()));
    }

    [Fact]
    public async Task Dual_channel_agent_puts_agents_left_and_everyone_else_right()
    {
        var mixed = await fixture.MixAsync("dual_channel_agent", ["wav_pcm"]);
        var agents = fixture.Session.Participants.Where(p => p.IsAgent).Select(p => p.ParticipantId);

        Assert.Equal(agents, mixed.Result.Channels[0].ParticipantIds);
        Assert.Equal(Ids.Except(agents), mixed.Result.Channels[1].ParticipantIds);
    }

    [Fact]
    public async Task Dual_channel_alternate_alternates_left_and_right_in_input_order()
    {
        var mixed = await fixture.MixAsync("dual_channel_alternate", ["wav_pcm"]);

        Assert.Equal(new[] { Ids[0], Ids[2] }, mixed.Result.Channels[0].ParticipantIds);
        Assert.Equal(new[] { Ids[1] }, mixed.Result.Channels[1].ParticipantIds);
    }

    [Fact]
    public async Task The_room_mix_lists_everyone_on_both_channels()
    {
        var mixed = await fixture.MixAsync("mix", ["wav_pcm"]);

        Assert.All(mixed.Result.Channels, c => Assert.Equal(Ids, c.ParticipantIds));
    }
}
