using MergeBus.Media.Synthesis;
using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Tests.Support;

/// <summary>Turns a synthetic session into the request the consumer would send.</summary>
public static class SessionMixing
{
    /// <summary>Channel order as the Fetcher plans it: offset, then participant id.</summary>
    public static List<MixInput> Inputs(SyntheticSession session) =>
    [
        .. session.Participants
            .OrderBy(p => p.JoinOffsetSamples)
            .ThenBy(p => p.ParticipantId, StringComparer.Ordinal)
            .Select(p => new MixInput(p.ParticipantId, p.Path, p.JoinOffsetSamples, p.IsAgent) { Identity = p.Identity }),
    ];

    public static MixRequest Request(SyntheticSession session, string layout, IReadOnlyList<string> formats, string outputDirectory, int sampleRate = 48000, int channelCount = 2) =>
        new(Inputs(session), layout, formats, sampleRate, channelCount, outputDirectory, "room_mix");

    /// <summary>The output channels the result says hold this participant.</summary>
    public static List<int> ChannelsOf(MixResult result, string participantId) =>
        [.. result.Channels.Where(c => c.ParticipantIds.Contains(participantId)).Select(c => c.Channel)];
}
