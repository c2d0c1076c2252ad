namespace MergeBus.Bench;

/// <summary>A synthetic session (mono Ogg Opus, 32 kb/s, DTX holes unless <paramref name="Dense"/>) and the cases run on it.</summary>
/// <param name="Dense">Continuous noise under every participant's bursts: no DTX hole, every frame decoded and mixed.</param>
public sealed record BenchSession(string Key, int Participants, double DurationSeconds, IReadOnlyList<double>? JoinOffsetsSeconds, IReadOnlyList<BenchCase> Cases,
    bool Dense = false);
