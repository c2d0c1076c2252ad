namespace MergeBus.Media.Synthesis;

/// <summary>Who speaks when: round-robin turns among joined participants, an optional shout, an optional late last word.</summary>
internal static class SessionSchedule
{
    public const int Rate = 48000;

    public static long[] JoinSamples(SessionSynthesisOptions options)
    {
        var count = options.ParticipantCount;
        var joins = new long[count];
        for (var i = 0; i < count; i++)
        {
            double seconds;
            if (options.JoinOffsetsSeconds is { } given && i < given.Count)
            {
                seconds = given[i];
            }
            else if (options.LateJoinerTalksLast && i == count - 1 && count > 1)
            {
                seconds = options.DurationSeconds * 0.6 + 0.0123;
            }
            else
            {
                // Deliberately not multiples of 20 ms: offsets must be sample accurate.
                seconds = i * 0.6397 + (i > 0 ? 0.0137 * i : 0);
            }

            joins[i] = (long)Math.Round(seconds * Rate);
        }

        var earliest = joins.Min();
        return [.. joins.Select(j => j - earliest)];
    }

    public static double Frequency(int participant) => 520 + 310 * participant;

    /// <summary>Bursts in mix samples: (participant, start, end, amplitude, isShout).</summary>
    public static List<(int Participant, long Start, long End, double Amplitude, bool IsShout)> Bursts(SessionSynthesisOptions options, long[] joins)
    {
        var random = new Random(options.Seed);
        var duration = Seconds(options.DurationSeconds);
        var count = options.ParticipantCount;
        var late = options.LateJoinerTalksLast && count > 1 ? count - 1 : -1;
        var bursts = new List<(int, long, long, double, bool)>();

        long shoutStart = options.ShoutAtSeconds is { } s ? Seconds(s) : -1;
        var shoutEnd = shoutStart + Seconds(options.ShoutSeconds);
        var guard = Seconds(0.4);

        var lastWordLength = Seconds(options.BurstSeconds);
        var regularEnd = late >= 0 ? duration - Seconds(0.3) - lastWordLength - Seconds(options.GapSeconds) : duration - Seconds(0.3);
        var t = Seconds(0.3) + random.Next(0, 480);
        var turn = 0;
        while (true)
        {
            var length = Seconds(options.BurstSeconds * (0.7 + 0.6 * random.NextDouble())) + random.Next(0, 48);
            var gap = Seconds(options.GapSeconds * (0.7 + 0.6 * random.NextDouble())) + random.Next(0, 48);
            if (t + length > regularEnd)
            {
                break;
            }

            if (shoutStart >= 0 && t + length > shoutStart - guard && t < shoutEnd + guard)
            {
                t = shoutEnd + guard + random.Next(0, 480);
                continue;
            }

            var speaker = NextJoinedSpeaker(ref turn, count - options.NoiseOnlyParticipants, late, joins, t);
            if (speaker < 0)
            {
                t += Seconds(0.1);
                continue;
            }

            bursts.Add((speaker, t, t + length, AmplitudeOf(options, speaker), false));
            t += length + gap;
        }

        if (late >= 0)
        {
            var start = Math.Max(t, joins[late] + Seconds(0.3));
            var end = Math.Min(start + lastWordLength, duration - Seconds(0.2));
            if (end > start)
            {
                bursts.Add((late, start, end, AmplitudeOf(options, late), false));
            }
        }

        if (shoutStart >= 0)
        {
            for (var p = 0; p < count - options.NoiseOnlyParticipants; p++)
            {
                if (joins[p] <= shoutStart && shoutEnd <= duration)
                {
                    bursts.Add((p, shoutStart, shoutEnd, options.ShoutAmplitude, true));
                }
            }
        }

        bursts.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return bursts;
    }

    private static int NextJoinedSpeaker(ref int turn, int count, int late, long[] joins, long at)
    {
        for (var tries = 0; tries < count; tries++)
        {
            var candidate = turn % count;
            turn++;
            if (candidate != late && joins[candidate] + Seconds(0.1) <= at)
            {
                return candidate;
            }
        }

        return -1;
    }

    public static double AmplitudeOf(SessionSynthesisOptions options, int participant) =>
        options.ParticipantAmplitudes is { } given && participant < given.Count ? given[participant] : options.Amplitude;

    private static long Seconds(double seconds) => (long)Math.Round(seconds * Rate);
}
