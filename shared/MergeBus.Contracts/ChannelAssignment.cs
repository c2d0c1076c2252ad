namespace MergeBus.Contracts;

public record ChannelAssignment
{
    public int Channel { get; init; }
    public required IReadOnlyList<string> ParticipantIds { get; init; }

    /// <summary>The people on this channel (identity, or participant id for an entry without one), in channel order; every participant id of each is in <see cref="ParticipantIds"/>.</summary>
    public IReadOnlyList<string> ParticipantIdentities { get; init; } = [];
}
