namespace MergeBus.Media.Speech;

/// <summary>A stretch of speech in mix time, 48 kHz samples, end exclusive.</summary>
public readonly record struct SpeechSegment(long StartSample, long EndSample)
{
    private const int SamplesPerMs = TrackAnalyzer.SampleRate / 1000;

    /// <summary>Rounded inwards, so whole milliseconds never reach into a hole the samples stop short of.</summary>
    public long StartMs => (StartSample + SamplesPerMs - 1) / SamplesPerMs;

    public long EndMs => Math.Max(StartMs, EndSample / SamplesPerMs);
}
