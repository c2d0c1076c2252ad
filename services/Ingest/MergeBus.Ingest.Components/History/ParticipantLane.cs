namespace MergeBus.Ingest.Components.History;

/// <summary>One participant's track: offset in the mix, its own timeline length, packet runs (48 kHz samples).</summary>
public sealed record ParticipantLane(
    string ParticipantId, string Identity, long OffsetSamples, long TimelineSamples, IReadOnlyList<long[]> Runs, int OverlapsCorrected);
