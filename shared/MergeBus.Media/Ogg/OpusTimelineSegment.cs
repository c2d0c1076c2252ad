namespace MergeBus.Media.Ogg;

/// <summary>
/// A stretch of audio with no hole in it: decoded samples [DecodedStart, DecodedStart+Length) of ffmpeg's
/// concatenated output (pre-skip already removed) belong at [TimelineStart, TimelineStart+Length) of the
/// file's own timeline. All values are 48 kHz samples.
/// </summary>
public readonly record struct OpusTimelineSegment(long DecodedStart, long TimelineStart, long Length)
{
    public long DecodedEnd => DecodedStart + Length;

    public long TimelineEnd => TimelineStart + Length;
}
