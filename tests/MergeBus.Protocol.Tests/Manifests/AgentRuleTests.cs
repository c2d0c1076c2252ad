using MergeBus.Protocol.Manifests;

namespace MergeBus.Protocol.Tests.Manifests;

public class AgentRuleTests
{
    [Fact]
    public void A_participant_of_kind_agent_is_an_agent() =>
        Assert.True(AgentRule.IsAgent(new ManifestParticipant { ParticipantIdentity = "support-bot", Kind = "agent" }));

    [Fact]
    public void An_identity_with_the_agents_default_dash_prefix_is_an_agent() =>
        Assert.True(AgentRule.IsAgent(new ManifestParticipant { ParticipantIdentity = "agent-AJ_x7Yq" }));

    [Fact]
    public void An_identity_with_the_underscore_prefix_is_an_agent() =>
        Assert.True(AgentRule.IsAgent(new ManifestParticipant { ParticipantIdentity = "agent_42" }));

    [Fact]
    public void An_ordinary_identity_is_not_an_agent() =>
        Assert.False(AgentRule.IsAgent(new ManifestParticipant { ParticipantIdentity = "agentina" }));

    [Fact]
    public void An_explicit_standard_kind_wins_over_the_identity_prefix() =>
        Assert.False(AgentRule.IsAgent(new ManifestParticipant { ParticipantIdentity = "agent-x", Kind = "standard" }));

    [Fact]
    public void A_numeric_kind_4_in_the_manifest_marks_the_aligned_track_as_an_agent()
    {
        var participant = Support.ManifestJson.Participant("PA_bot", Support.ManifestJson.T0, Support.ManifestJson.Artifact());
        participant["kind"] = 4;

        var track = Alignment.Compute(Support.ManifestJson.Parse(Support.ManifestJson.Session(participant))).Single();

        Assert.True(track.IsAgent);
    }
}
