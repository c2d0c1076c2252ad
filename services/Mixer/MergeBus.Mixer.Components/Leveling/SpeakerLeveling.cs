using MergeBus.Media.Speech;
using MergeBus.Mixer.Components.Mixing;
using MergeBus.Protocol.Mixing;

namespace MergeBus.Mixer.Components.Leveling;

/// <summary>Turns each input's analysis into its speech segments, loudness and one static gain.</summary>
internal static class SpeakerLeveling
{
    public static SpeakerLevel Level(MixInput input, TrackAnalysis analysis, LoudnessOptions options) => new(
        input.ParticipantId,
        input.Identity,
        analysis.SpeechLufs is { } lufs ? Math.Round(lufs, 2) : null,
        Math.Round(options.GainDbFor(analysis.SpeechLufs), 2),
        analysis.TruePeakDbtp is { } peak ? Math.Round(peak, 2) : null,
        analysis.Segments.Sum(s => s.EndMs - s.StartMs));

    /// <summary>The input with its leveling gain (linear) applied where it is summed, on top of any gain it had.</summary>
    public static MixInput WithGain(MixInput input, SpeakerLevel level) =>
        input with { Gain = input.Gain * (float)Math.Pow(10, level.GainDb / 20) };

    public static void WriteIndex(string path, IReadOnlyList<MixInput> inputs, IReadOnlyList<TrackAnalysis> analyses) =>
        SpeechIndex.Write(path, inputs.Select((input, i) => new SpeakerSegments(input.ParticipantId, input.Identity, analyses[i].Segments)));
}
