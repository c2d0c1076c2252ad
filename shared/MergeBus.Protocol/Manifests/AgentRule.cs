namespace MergeBus.Protocol.Manifests;

/// <summary>Which participant is an agent, for the dual_channel_agent layout.</summary>
public static class AgentRule
{
    /// <summary>
    /// A "kind" field decides when present (LiveKit's ParticipantInfo.Kind AGENT, "agent" or 4). Without one,
    /// the LiveKit Agents default identity prefix "agent-" / "agent_" marks an agent.
    /// </summary>
    public static bool IsAgent(ManifestParticipant participant)
    {
        if (participant.Kind is { } kind)
            return kind == "agent";
        var identity = participant.ParticipantIdentity;
        return identity.StartsWith("agent-", StringComparison.OrdinalIgnoreCase)
            || identity.StartsWith("agent_", StringComparison.OrdinalIgnoreCase);
    }
}
