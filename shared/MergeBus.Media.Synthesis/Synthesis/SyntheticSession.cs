namespace MergeBus.Media.Synthesis;

/// <summary>A generated session and the truth to measure a mix against.</summary>
public sealed record SyntheticSession(
    string Directory,
    string ManifestPath,
    IReadOnlyList<SyntheticParticipant> Participants,
    IReadOnlyList<SyntheticBurst> Bursts,
    double ExpectedTimelineSeconds);
