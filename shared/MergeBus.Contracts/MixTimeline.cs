namespace MergeBus.Contracts;

/// <summary>
/// The time map of one mix (room_mix.timeline): mix time plus <see cref="OriginUnixNs"/> is wall-clock time, so a
/// transcript's word times become meeting times.
/// </summary>
public record MixTimeline
{
    /// <summary>The wall-clock time (Unix ns) of mix time 0.</summary>
    public long OriginUnixNs { get; init; }
    /// <summary>Every input, in channel order: where it lies in the mix.</summary>
    public IReadOnlyList<TimelineInput> Inputs { get; init; } = [];
    /// <summary>Per person, in channel order: the first and last speech in mix time.</summary>
    public IReadOnlyList<TimelinePerson> People { get; init; } = [];
}
