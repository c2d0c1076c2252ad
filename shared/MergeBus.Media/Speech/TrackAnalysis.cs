namespace MergeBus.Media.Speech;

/// <param name="SpeechLufs">Gated integrated loudness over the speech segments only; null when there is no speech.</param>
/// <param name="TruePeakDbtp">Of everything observed, when asked for.</param>
public sealed record TrackAnalysis(IReadOnlyList<SpeechSegment> Segments, double? SpeechLufs, double? TruePeakDbtp);
