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
}
