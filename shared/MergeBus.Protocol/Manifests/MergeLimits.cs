namespace MergeBus.Protocol.Manifests;

/// <summary>Bounds on what one merge accepts, so that a bad manifest fails early instead of exhausting a worker.</summary>
public sealed record MergeLimits
{
    public static MergeLimits Default { get; } = new();

    /// <summary>No participant may start later than this after the first one.</summary>
    public TimeSpan MaxSessionDuration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Largest stored size of one input file.</summary>
    public long MaxInputBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Most participants with audio in one mix.</summary>
    public int MaxParticipants { get; init; } = 64;

    /// <summary>
    /// How far a track may run past its participant's left_at, and the session past ended_at: the recorder's last
    /// packets (jitter buffer, a DTX frame) and clock_sync rounding land a little late, never minutes.
    /// </summary>
    public TimeSpan EndTolerance { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most audio runs per input carried in messages, the saga and the history. A file with more holes still mixes
    /// exactly (the Mixer reads its holes from the file); only the record of them closes the shortest holes.
    /// </summary>
    public int MaxRunsPerInput { get; init; } = 1000;

    /// <summary>Sample rates an input other than Ogg Opus may have: those whose samples land on whole 48 kHz positions every 10 ms or less.</summary>
    public IReadOnlySet<int> InputSampleRates { get; init; } = DefaultInputSampleRates;

    /// <summary>8, 12, 16, 24, 32, 44.1, 48, 88.2 and 96 kHz.</summary>
    public static IReadOnlySet<int> DefaultInputSampleRates { get; } =
        new SortedSet<int> { 8000, 12000, 16000, 24000, 32000, 44100, 48000, 88200, 96000 };
}
