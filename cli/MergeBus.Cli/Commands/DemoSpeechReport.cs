using MergeBus.Media.Analysis;
using MergeBus.Media.Ogg;
using MergeBus.Media.Speech;
using MergeBus.Media.Synthesis;
using MergeBus.Protocol.Manifests;

namespace MergeBus.Cli.Commands;

/// <summary>The demo's speech index and loudness, printed next to the truth the session was generated from.</summary>
internal static class DemoSpeechReport
{
    private const double EdgeToleranceMs = 20;

    /// <summary>Every participant's truth (bursts) beside their speech.json segments; true when every edge is within 20 ms and nothing is extra.</summary>
    public static bool PrintIndex(SyntheticSession session, string speechIndexPath)
    {
        var index = SpeechIndex.Read(speechIndexPath).ToDictionary(e => e.ParticipantId, e => e.Segments);
        Console.Out.WriteLine($"Speech index ({Path.GetFileName(speechIndexPath)}) next to the truth, ms of mix time:");
        var worst = 0.0;
        var missing = 0;
        var extra = 0;
        foreach (var participant in session.Participants)
        {
            var truth = session.Bursts.Where(b => b.ParticipantId == participant.ParticipantId)
                .Select(b => (From: b.StartSeconds * 1000, To: b.EndSeconds * 1000)).ToList();
            var segments = index.GetValueOrDefault(participant.ParticipantId) ?? [];
            Console.Out.WriteLine($"  {participant.Identity}");
            Console.Out.WriteLine($"    truth: {string.Join("  ", truth.Select(t => $"{t.From:F0}–{t.To:F0}"))}");
            Console.Out.WriteLine($"    index: {string.Join("  ", segments.Select(s => $"{s.StartMs}–{s.EndMs}"))}");
            foreach (var (from, to) in truth)
            {
                var match = segments.Where(s => s.EndMs > from && s.StartMs < to).ToList();
                if (match.Count != 1)
                {
                    missing++;
                    continue;
                }

                worst = Math.Max(worst, Math.Max(Math.Abs(match[0].StartMs - from), Math.Abs(match[0].EndMs - to)));
            }

            extra += segments.Count(s => !truth.Any(t => s.EndMs > t.From && s.StartMs < t.To));
        }

        var ok = missing == 0 && extra == 0 && worst <= EdgeToleranceMs;
        Console.Out.WriteLine($"  {(ok ? "ok  " : "FAIL")} {session.Bursts.Count} bursts: {missing} not found as one segment, {extra} segments where nobody spoke, worst edge error {worst:F0} ms (limit {EdgeToleranceMs} ms)");
        return ok;
    }

    /// <summary>
    /// Each participant's speech loudness as recorded (their own file) and in the delivered mix, both measured by
    /// ffmpeg's ebur128 over their bursts only (shouts left out: everyone overlaps there), the mix over ALL its
    /// channels as any platform's meter reads the file, beside what MergeBus measured and applied. With leveling:
    /// true when everyone is within 1 LU of the target.
    /// </summary>
    public static async Task<bool> PrintLoudnessAsync(SyntheticSession session, DecodedAudio mix, RoomMixLoudness? leveling, CancellationToken cancellationToken)
    {
        const double Tolerance = 1.0;
        var levels = leveling is { Mode: "speech" };
        var misses = 0;
        var speakers = 0;
        // A mono voice on both channels of a stereo file reads 3 dB louder than its recording: show both readings.
        var dualMono = mix.ChannelCount == 2;
        Console.Out.WriteLine($"Speech loudness per participant, ffmpeg ebur128 over the whole delivered file ({mix.ChannelCount} channels; leveling: {leveling?.Mode ?? "off"}{(levels ? $", target {leveling!.TargetLufs:F0} LUFS, max gain ±{leveling.MaxGainDb:F0} dB" : "")}):");
        foreach (var participant in session.Participants)
        {
            var bursts = session.Bursts.Where(b => b.ParticipantId == participant.ParticipantId && !b.IsShout).ToList();
            if (bursts.Count == 0)
            {
                continue;
            }

            var own = await DecodedAudio.DecodeAsync(participant.Path, cancellationToken);
            var stretches = OwnStretches(participant, bursts).ToList();
            var before = await EbuR128.MeasureStretchesAsync(own[0], stretches);
            var played = dualMono ? await EbuR128.MeasureFileStretchesAsync(own, stretches, dualMono: true) : before;
            var after = await EbuR128.MeasureFileStretchesAsync(mix, bursts.Select(b => (b.StartSeconds, b.EndSeconds)));
            speakers++;
            if (levels && Math.Abs(after.IntegratedLufs - leveling!.TargetLufs) > Tolerance)
            {
                misses++;
            }

            var applied = leveling?.Participants.FirstOrDefault(p => p.ParticipantId == participant.ParticipantId);
            // MergeBus measures all of a participant's speech; a shout, left out above, makes its figure louder.
            var shouted = session.Bursts.Any(b => b.ParticipantId == participant.ParticipantId && b.IsShout);
            Console.Out.WriteLine($"  {participant.Identity,-12} recorded {before.IntegratedLufs,6:F1} LUFS" +
                (dualMono ? $" ({played.IntegratedLufs,6:F1} on both channels)" : "") +
                $" → in the mix {after.IntegratedLufs,6:F1} LUFS" +
                (applied is null ? "" : $"   (MergeBus measured {applied.SpeechLufs?.ToString("F1") ?? "no speech"}{(shouted ? " with the shout" : "")} as delivered, gain {applied.GainDb:+0.0;-0.0} dB)"));
        }

        if (!levels)
        {
            return true;
        }

        var ok = misses == 0;
        Console.Out.WriteLine($"  {(ok ? "ok  " : "FAIL")} {speakers - misses} of {speakers} speakers within ±{Tolerance:F0} LU of {leveling!.TargetLufs:F0} LUFS in the delivered file");
        return ok;
    }

    /// <summary>Where the bursts sit in the participant's file as ffmpeg decodes it (DTX holes dropped, pre-skip removed).</summary>
    private static IEnumerable<(double From, double To)> OwnStretches(SyntheticParticipant participant, IEnumerable<SyntheticBurst> bursts)
    {
        var timeline = OpusTimeline.Read(participant.Path);
        foreach (var burst in bursts)
        {
            var start = (long)Math.Round(burst.StartSeconds * 48000) - participant.JoinOffsetSamples;
            var end = (long)Math.Round(burst.EndSeconds * 48000) - participant.JoinOffsetSamples;
            var holding = timeline.Segments.Where(s => s.TimelineStart <= start && end <= s.TimelineEnd).Take(1).ToList();
            if (holding is [var segment])
            {
                yield return ((segment.DecodedStart + (start - segment.TimelineStart)) / 48000.0, (segment.DecodedStart + (end - segment.TimelineStart)) / 48000.0);
            }
        }
    }
}
