namespace MergeBus.Media.Speech;

/// <summary>
/// The speech decision's thresholds (docs/mixing.md, "Speech index"). Frames are 10 ms of mix time.
/// </summary>
public sealed record SpeechRules
{
    public static SpeechRules Default { get; } = new();

    /// <summary>A frame quieter than this is never speech, whatever the track's noise.</summary>
    public double AbsoluteThresholdDbfs { get; init; } = -60;

    /// <summary>A frame must be this far above the track's noise floor (the <see cref="FloorPercentile"/> of its fully covered frames).</summary>
    public double FloorMarginDb { get; init; } = 10;

    /// <summary>Which percentile of fully covered frames' levels is taken as the noise floor.</summary>
    public double FloorPercentile { get; init; } = 0.05;

    /// <summary>Pauses up to this long inside speech are bridged, if packets cover them: words of one utterance stay one segment.</summary>
    public int HangoverFrames { get; init; } = 30;

    /// <summary>A segment needs at least this many loud frames: clicks and single breaths are not speech.</summary>
    public int MinActiveFrames { get; init; } = 5;

    /// <summary>
    /// Edge frames this far below the segment's loudest frame are trimmed: a codec's pre-echo and decay tail
    /// (Opus rings 35–40 dB down for tens of ms after a hard stop), not speech.
    /// </summary>
    public double EdgeTrimDb { get; init; } = 30;

    /// <summary>A frame counts as covered by packets when at least this share of it is.</summary>
    public double CoveredShare { get; init; } = 0.5;
}
