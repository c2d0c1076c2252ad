using MergeBus.Protocol.Mixing;

namespace MergeBus.Bench;

public static class BenchPlan
{
    /// <summary>The 2-person 60 s session end to end, in both runs: its goal is absolute (wall and CPU seconds).</summary>
    public const string ShortEndToEndId = "f-e2e-mix-2x60";

    /// <summary>
    /// The (c) rows' goal (≤ 1.2× the floor) is as close as the floor's own spread from one run to the next on a 2-core
    /// machine (1.59–2.05 s for the same work): one run of each side can land in different phases of the machine.
    /// Three alternating pairs, each side's median: two more mixes and floors of ≈ 2 s each per row, ≈ 30 s in a full run.
    /// </summary>
    public const int ScalePairs = 3;

    private static readonly double[] StaggeredJoins = [0, 5, 30, 60];

    public static IReadOnlyList<BenchSession> Create(bool quick)
    {
        var length = quick ? 60.0 : 600.0;
        // 16 speakers in both runs: the memory goal (≤ 120 MB peak RSS) holds for them too.
        var scaling = quick ? new[] { 2, 4, 16 } : [2, 4, 8, 16];
        var memoryLength = quick ? 600.0 : 7200.0;
        var sessions = new List<BenchSession>
        {
            // Joins at 0, 5, 30, 60 s in a 10-minute session; the quick run scales them with the length (0, 0.5, 3, 6 s).
            new($"4x{length:0}", 4, length, [.. StaggeredJoins.Select(j => j * length / 600.0)],
            [
                new($"a-mix-4x{length:0}", $"(a) mix 4×{length:0}s", MixLayouts.Mix),
                new($"b-per_participant-4x{length:0}", $"(b) per_part 4×{length:0}s", MixLayouts.PerParticipant),
                // What mergebus.opus.complexity 5 saves, on the same session.
                new($"a5-mix-4x{length:0}", $"(a) mix 4×{length:0}s cx5", MixLayouts.Mix, WithBaseline: false, Complexity: 5),
                new($"b5-per_participant-4x{length:0}", $"(b) per_part 4×{length:0}s cx5", MixLayouts.PerParticipant, WithBaseline: false, Complexity: 5),
                // (a) twice more, back to back, without and with speaker leveling: the difference is what measuring
                // loudness costs (the first case of a run also pays for warming up, so it is no fair reference).
                new($"e0-mix-4x{length:0}", $"(e) mix 4×{length:0}s, off", MixLayouts.Mix, WithBaseline: false),
                new($"e-leveled-4x{length:0}", $"(e) mix 4×{length:0}s, speech", MixLayouts.Mix, WithBaseline: false, Loudness: LoudnessModes.Speech),
            ]),
        };
        foreach (var count in scaling)
        {
            sessions.Add(new($"{count}x{length:0}-scaling", count, length, null,
                [new($"c-scale-{count}x{length:0}", $"(c) scale {count}×{length:0}s", MixLayouts.Mix, Pairs: ScalePairs)]));
        }

        sessions.Add(new($"2x{memoryLength:0}-memory", 2, memoryLength, [0, 5],
            [new($"d-memory-2x{memoryLength:0}", $"(d) memory 2×{memoryLength:0}s", MixLayouts.Mix)]));

        // (f) What a user times: `mergebus merge` as a process, exec to exit, on the heaviest session of a length
        // (dense: no DTX hole) and on a short two-person call, where start-up and shut-down are most of it.
        sessions.Add(new($"4x{length:0}-dense", 4, length, [.. StaggeredJoins.Select(j => j * length / 600.0)],
            [
                new($"f-e2e-mix-4x{length:0}", $"(f) end to end mix 4×{length:0}s dense", MixLayouts.Mix, WithBaseline: false, EndToEnd: true),
                new($"f-e2e-per_participant-4x{length:0}", $"(f) end to end per_part 4×{length:0}s dense", MixLayouts.PerParticipant, WithBaseline: false, EndToEnd: true),
            ], Dense: true));
        sessions.Add(new("2x60-e2e", 2, 60, null,
            [new(ShortEndToEndId, "(f) end to end mix 2×60s", MixLayouts.Mix, WithBaseline: false, EndToEnd: true)]));
        return sessions;
    }

    /// <summary>Only the cases whose id contains <paramref name="filter"/> (all when null), and only the sessions they need.</summary>
    public static IReadOnlyList<BenchSession> Select(IReadOnlyList<BenchSession> plan, string? filter) => filter is null
        ? plan
        : [.. plan
            .Select(s => s with { Cases = [.. s.Cases.Where(c => c.Id.Contains(filter, StringComparison.Ordinal))] })
            .Where(s => s.Cases.Count > 0)];
}
