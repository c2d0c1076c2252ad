namespace MergeBus.Bench;

/// <summary>A synthetic session (mono Ogg Opus, 32 kb/s, DTX holes) and the cases run on it.</summary>
public sealed record BenchSession(string Key, int Participants, double DurationSeconds, IReadOnlyList<double>? JoinOffsetsSeconds, IReadOnlyList<BenchCase> Cases);
