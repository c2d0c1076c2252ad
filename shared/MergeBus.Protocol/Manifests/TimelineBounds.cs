using System.Globalization;

namespace MergeBus.Protocol.Manifests;

/// <summary>
/// Where the probed inputs end, held against the limits and against the manifest's own left_at and ended_at.
/// Positions are added in 128 bits: granules near 2^63 (a broken or hostile file) must fail here, not wrap around
/// to a negative end that hides the participant from the mix.
/// </summary>
public static class TimelineBounds
{
    private const long SamplesPerSecond = 48_000;
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>
    /// Fails when a track's audio runs past the session length limit, past its participant's left_at, or the
    /// session past ended_at, by more than <see cref="MergeLimits.EndTolerance"/>. A file that contradicts the
    /// manifest this much is not trimmed: which of the two is wrong cannot be told, and a trimmed mix would
    /// silently drop audio that someone may have said. Returns the mix length in samples at 48 kHz.
    /// </summary>
    public static long Check(Manifest manifest, IReadOnlyList<(AlignedTrack Track, long TimelineSamples)> tracks, MergeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(limits);
        var maxSamples = (Int128)limits.MaxSessionDuration.Ticks * SamplesPerSecond / TimeSpan.TicksPerSecond;
        var toleranceNs = (Int128)limits.EndTolerance.Ticks * 100;
        Int128 mixEnd = 0;
        Int128 sessionEndNs = 0;
        foreach (var (track, timelineSamples) in tracks)
        {
            if (timelineSamples < 0)
                throw new PermanentMergeException($"participant {track.ParticipantId}'s audio has a negative length");
            var end = (Int128)track.OffsetSamples48k + timelineSamples;
            if (end > maxSamples)
                throw new PermanentMergeException(
                    $"participant {track.ParticipantId}'s audio ends at {Seconds(end)} on the session's timeline, beyond the maximum session length " +
                    $"({Describe(limits.MaxSessionDuration)}) of mergebus.limits.max_session_length");
            mixEnd = Int128.Max(mixEnd, end);

            var endNs = track.StartNs + (Int128)timelineSamples * NanosPerSecond / SamplesPerSecond;
            sessionEndNs = Int128.Max(sessionEndNs, endNs);
            if (track.Participant.LeftAt is long leftAt and > 0 && endNs - leftAt > toleranceNs)
                throw new PermanentMergeException(
                    $"participant {track.ParticipantId}'s audio lasts {Seconds(timelineSamples)} and ends {SecondsNs(endNs - leftAt)} after its left_at, " +
                    $"more than the end tolerance ({Describe(limits.EndTolerance)}) of mergebus.limits.end_tolerance");
        }

        if (manifest.EndedAt > 0 && sessionEndNs - manifest.EndedAt > toleranceNs)
            throw new PermanentMergeException(
                $"the session's audio ends {SecondsNs(sessionEndNs - manifest.EndedAt)} after its ended_at, " +
                $"more than the end tolerance ({Describe(limits.EndTolerance)}) of mergebus.limits.end_tolerance");
        return (long)mixEnd;
    }

    private static string Seconds(Int128 samples) =>
        ((double)samples / SamplesPerSecond).ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string SecondsNs(Int128 nanoseconds) =>
        ((double)nanoseconds / NanosPerSecond).ToString("0.###", CultureInfo.InvariantCulture) + " s";

    internal static string Describe(TimeSpan span) =>
        span.TotalHours >= 1
            ? $"{span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} h"
            : $"{span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
}
