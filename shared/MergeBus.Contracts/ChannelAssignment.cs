namespace MergeBus.Contracts;

public record ChannelAssignment
{
    public int Channel { get; init; }
    public required IReadOnlyList<string> ParticipantIds { get; init; }
}
