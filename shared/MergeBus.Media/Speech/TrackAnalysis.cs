namespace MergeBus.Media.Speech;

/// <param name="SpeechLufs">Gated integrated loudness over the speech segments only, as the delivered file carries the
/// input (its <see cref="Loudness.LoudnessView"/>); null when there is no speech.</param>
/// <param name="TruePeakDbtp">Of everything observed, when asked for.</param>
public sealed record TrackAnalysis(IReadOnlyList<SpeechSegment> Segments, double? SpeechLufs, double? TruePeakDbtp)
{
    /// <summary>The same speech's loudness as a mono stem carries it; null when there is no speech.</summary>
    public double? StemSpeechLufs { get; init; }
}
