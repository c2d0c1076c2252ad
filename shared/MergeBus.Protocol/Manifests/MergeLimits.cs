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

    // Setting names, quoted by the errors a job gets when it hits a limit (docs/limits.md).
    public const string MaxInputBytesSetting = "mergebus.limits.max_input_bytes";
    public const string MaxOutputBytesSetting = "mergebus.limits.max_output_bytes";
    public const string MinJobTimeSetting = "mergebus.limits.min_job_time";
    public const string JobTimePerSessionSecondSetting = "mergebus.limits.job_time_per_session_second";

    /// <summary>Largest file one output format may make; 4 GiB is also the most a WAV file can describe.</summary>
    public long MaxOutputBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Wall time any mix may hold a Mixer slot for, however short its session.</summary>
    public TimeSpan MinJobTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Wall time a mix may take per second of its session, when that is more than <see cref="MinJobTime"/>.</summary>
    public double JobTimePerSessionSecond { get; init; } = 1.0;

    /// <summary>How long a mix of <paramref name="sessionSeconds"/> may hold a Mixer slot: max(floor, factor × length).</summary>
    public TimeSpan JobTimeFor(double sessionSeconds) =>
        TimeSpan.FromSeconds(Math.Max(MinJobTime.TotalSeconds, Math.Min(JobTimePerSessionSecond * sessionSeconds, TimeSpan.FromDays(365).TotalSeconds)));

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
