using MergeBus.Media.Speech;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Components.Leveling;

/// <summary>Turns each person's analysis into their speech segments, loudness and one static gain.</summary>
internal static class SpeakerLeveling
{
    public static SpeakerLevel Level(IReadOnlyList<MixInput> inputs, MixPeople people, int person, TrackAnalysis analysis, LoudnessOptions options)
    {
        var first = inputs[people.InputsOf[person][0]];
        return new SpeakerLevel(
            first.ParticipantId,
            people.Keys[person],
            analysis.SpeechLufs is { } lufs ? Math.Round(lufs, 2) : null,
            Math.Round(options.GainDbFor(analysis.SpeechLufs), 2),
            analysis.TruePeakDbtp is { } peak ? Math.Round(peak, 2) : null,
            analysis.Segments.Sum(s => s.EndMs - s.StartMs))
        {
            ParticipantIds = people.ParticipantIdsOf(person, inputs),
            FirstSpeechMs = analysis.Segments.Count > 0 ? analysis.Segments[0].StartMs : null,
            LastSpeechMs = analysis.Segments.Count > 0 ? analysis.Segments[^1].EndMs : null,
        };
    }

    /// <summary>
    /// The input with its person's leveling gains (linear) applied where it is summed, on top of any gain it had:
    /// one for the delivered mix, one for the person's mono stem (each brings its own file to the target).
    /// </summary>
    public static TrackSource WithGains(TrackSource source, TrackAnalysis person, LoudnessOptions options) => source with
    {
        Input = source.Input with { Gain = source.Input.Gain * Linear(options.GainDbFor(person.SpeechLufs)) },
        StemGain = source.Input.Gain * Linear(options.GainDbFor(person.StemSpeechLufs)),
    };

    public static void WriteIndex(string path, IReadOnlyList<MixInput> inputs, MixPeople people, IReadOnlyList<TrackAnalysis> analyses) =>
        SpeechIndex.Write(path, Enumerable.Range(0, people.Count).Select(p =>
        {
            var mine = people.InputsOf[p].Select(i => inputs[i]).ToList();
            return new SpeakerSegments(mine[0].ParticipantId, mine[0].Identity, analyses[p].Segments)
            {
                ParticipantIdentity = people.Keys[p],
                ParticipantIds = people.ParticipantIdsOf(p, inputs),
                TrackIds = [.. mine.Select(i => i.TrackId).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)],
            };
        }));

    private static float Linear(double db) => (float)Math.Pow(10, Math.Round(db, 2) / 20);
}
