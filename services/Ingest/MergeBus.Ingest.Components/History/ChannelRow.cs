namespace MergeBus.Ingest.Components.History;

public sealed record ChannelRow(int Channel, IReadOnlyList<string> ParticipantIds);
