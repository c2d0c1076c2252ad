using MergeBus.Contracts;
using MergeBus.Mixer.Components.Mixing;

namespace MergeBus.Mixer.Components.TimeMaps;

/// <summary>
/// The time map (room_mix.timeline) from what only the Mixer step holds together: the plan (where each input lies,
/// its holes, its wall-clock origin) and the result (each person's first and last speech).
/// </summary>
public static class TimelineBuilder
{
    private const double SamplesPerMs = 48.0;

    public static MixTimeline Build(MixPlan plan, IReadOnlyList<SpeakerLevel> speakers) => new()
    {
        OriginUnixNs = plan.OriginUnixNs,
        Inputs = [.. plan.Tracks.Select(InputOf)],
        People = [.. speakers.Select(s => new TimelinePerson
        {
            ParticipantIdentity = s.Identity,
            FirstSpeechMs = s.FirstSpeechMs,
            LastSpeechMs = s.LastSpeechMs,
        })],
    };

    private static TimelineInput InputOf(PlannedTrack track) => new()
    {
        ParticipantIdentity = MergeBus.Protocol.Manifests.PersonKeys.Of(track.ParticipantIdentity, track.ParticipantId),
        ParticipantId = track.ParticipantId,
        TrackId = track.TrackId,
        StorageUri = track.StorageKey,
        StartMs = Ms(track.OffsetSamples),
        LengthMs = Ms(track.TimelineSamples),
        Holes = HolesOf(track),
        Anchor = track.Anchor,
    };

    /// <summary>The stretches of the input's own timeline between its audio runs, moved into mix time.</summary>
    public static IReadOnlyList<TimelineSpan> HolesOf(PlannedTrack track)
    {
        // A plan without runs (from a Fetcher that predates them) says nothing about holes.
        if (track.AudioRuns.Count == 0) return [];
        var holes = new List<TimelineSpan>();
        var position = 0L;
        foreach (var run in track.AudioRuns.OrderBy(r => r.StartSamples))
        {
            if (run.StartSamples > position) holes.Add(SpanOf(track, position, run.StartSamples));
            position = Math.Max(position, run.StartSamples + run.LengthSamples);
        }

        if (track.TimelineSamples > position) holes.Add(SpanOf(track, position, track.TimelineSamples));
        return holes;
    }

    private static TimelineSpan SpanOf(PlannedTrack track, long start, long end) => new()
    {
        StartMs = Ms(track.OffsetSamples + start),
        EndMs = Ms(track.OffsetSamples + end),
    };

    /// <summary>Samples at 48 kHz as ms, to the microsecond: exact enough for any word, and no float noise in the JSON.</summary>
    private static double Ms(long samples) => Math.Round(samples / SamplesPerMs, 3, MidpointRounding.AwayFromZero);
}
