namespace MergeBus.Mixer.Components.Mixing;

/// <summary>One participant file. <paramref name="OffsetSamples"/> (48 kHz) is where position 0 of its own timeline lands in the mix.</summary>
/// <param name="Gain">Linear gain applied where this input's samples are summed into the mix (1 = unchanged), e.g. loudness leveling.</param>
public sealed record MixInput(string ParticipantId, string LocalPath, long OffsetSamples, bool IsAgent, float Gain = 1f)
{
    /// <summary>The participant's identity, for the speech index.</summary>
    public string Identity { get; init; } = "";

    /// <summary>The track's sid, listed in the person's speech.json entry.</summary>
    public string TrackId { get; init; } = "";

    /// <summary>The person this input belongs to: inputs with one key share a channel, a gain, an index entry and a stem.</summary>
    public string PersonKey => MergeBus.Protocol.Manifests.PersonKeys.Of(Identity, ParticipantId);
}
