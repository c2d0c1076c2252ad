using MergeBus.Contracts;
using MergeBus.Protocol.Manifests;

namespace MergeBus.Publisher.Components;

/// <summary>The Mixer's time map as room_mix records it, and who is on a channel or in a stem according to it.</summary>
public static class RoomMixTimelines
{
    /// <summary>The people heard on a channel, from the time map (which lists every input with its person).</summary>
    public static IReadOnlyList<string> IdentitiesOf(MixTimeline? timeline, IReadOnlyList<string> participantIds) =>
        timeline is null
            ? []
            : [.. participantIds.SelectMany(id => timeline.Inputs.Where(i => i.ParticipantId == id).Select(i => i.ParticipantIdentity)).Distinct()];

    /// <summary>A stem's one channel carries every participant id of its person.</summary>
    public static IReadOnlyList<ChannelAssignment> StemChannel(MixTimeline? timeline, string person) =>
    [
        new ChannelAssignment
        {
            Channel = 0,
            ParticipantIds = [.. (timeline?.Inputs ?? []).Where(i => i.ParticipantIdentity == person).Select(i => i.ParticipantId).Distinct()],
        },
    ];

    /// <summary>Input locations are written as the manifest's own inputs are (keys, or paths relative to it).</summary>
    public static RoomMixTimeline Of(MixTimeline timeline, Func<string, string> uriOf) => new()
    {
        OriginUnixNs = timeline.OriginUnixNs,
        Inputs = [.. timeline.Inputs.Select(i => new RoomMixTimelineInput
        {
            ParticipantIdentity = i.ParticipantIdentity,
            ParticipantId = i.ParticipantId,
            TrackId = i.TrackId,
            StorageUri = uriOf(i.StorageUri),
            StartMs = i.StartMs,
            LengthMs = i.LengthMs,
            Holes = [.. i.Holes.Select(h => new RoomMixTimelineHole(h.StartMs, h.EndMs))],
            Anchor = i.Anchor,
        })],
        People = [.. timeline.People.Select(p => new RoomMixTimelinePerson
        {
            ParticipantIdentity = p.ParticipantIdentity,
            FirstSpeechMs = p.FirstSpeechMs,
            LastSpeechMs = p.LastSpeechMs,
        })],
    };
}
