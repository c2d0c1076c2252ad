namespace MergeBus.Protocol.Manifests;

/// <summary>Places every participant's input on one timeline (spec §3), exactly, without 20 ms rounding.</summary>
public static class Alignment
{
    private const long NanosPerSecond = 1_000_000_000;
    private const long MixRate = 48_000;

    /// <summary>
    /// Validates the manifest, then returns the participants with audio ordered by offset, then participant_id.
    /// The reference is the earliest start among them (started_at when none has a start); a participant
    /// without a start of its own starts at the reference.
    /// </summary>
    public static IReadOnlyList<AlignedTrack> Compute(Manifest manifest, MergeLimits? limits = null)
    {
        limits ??= MergeLimits.Default;
        ManifestValidator.Validate(manifest, limits);

        var inputs = manifest.Participants
            .Select(p => (Participant: p, Artifact: InputSelection.Choose(p), Start: StartOf(p)))
            .Where(x => x.Artifact is not null)
            .ToList();

        var starts = inputs.Where(x => x.Start > 0).Select(x => x.Start).ToList();
        var reference = starts.Count > 0 ? starts.Min() : manifest.StartedAt;

        var maxOffsetNs = (Int128)limits.MaxSessionDuration.Ticks * 100;
        return inputs
            .Select(x =>
            {
                var start = x.Start > 0 ? x.Start : reference;
                var offsetNs = start - reference;
                if (offsetNs > maxOffsetNs)
                    throw new PermanentMergeException(
                        $"participant {x.Participant.ParticipantId} starts {Describe(TimeSpan.FromTicks(offsetNs / 100))} " +
                        $"after the first participant, beyond the maximum session length " +
                        $"({Describe(limits.MaxSessionDuration)}) of mergebus.limits.max_session_length");
                return new AlignedTrack
                {
                    Participant = x.Participant,
                    Artifact = x.Artifact!,
                    StartNs = start,
                    OffsetNs = offsetNs,
                    OffsetSamples48k = ToSamples48k(offsetNs),
                    IsAgent = AgentRule.IsAgent(x.Participant),
                    Anchor = x.Start > 0 ? AnchorOf(x.Participant) : AlignmentAnchors.JoinedAt,
                };
            })
            .OrderBy(t => t.OffsetNs)
            .ThenBy(t => t.ParticipantId, StringComparer.Ordinal)
            .ToList();
    }

    private static string Describe(TimeSpan span) => TimelineBounds.Describe(span);

    /// <summary>clock_sync.server_timestamp when greater than 0, else joined_at.</summary>
    public static long StartOf(ManifestParticipant participant) =>
        participant.ClockSync is { ServerTimestamp: > 0 } sync ? sync.ServerTimestamp : participant.JoinedAt;

    /// <summary>The time map's name for what <see cref="StartOf"/> read.</summary>
    public static string AnchorOf(ManifestParticipant participant) =>
        participant.ClockSync is { ServerTimestamp: > 0 } ? AlignmentAnchors.ClockSync
        : participant.Anchor == AlignmentAnchors.EgressStartedAt ? AlignmentAnchors.EgressStartedAt
        : AlignmentAnchors.JoinedAt;

    /// <summary>round(ns * 48000 / 1e9), half away from zero, in exact integer arithmetic.</summary>
    public static long ToSamples48k(long nanoseconds)
    {
        var scaled = (Int128)nanoseconds * MixRate;
        var half = NanosPerSecond / 2;
        return (long)(scaled >= 0 ? (scaled + half) / NanosPerSecond : (scaled - half) / NanosPerSecond);
    }
}
