namespace MergeBus.Media.Synthesis;

/// <summary>A generated session and the truth to measure a mix against.</summary>
public sealed record SyntheticSession(
    string Directory,
    string ManifestPath,
    IReadOnlyList<SyntheticParticipant> Participants,
    IReadOnlyList<SyntheticBurst> Bursts,
    double ExpectedTimelineSeconds);

/// <summary>One participant. <see cref="JoinOffsetSamples"/> is where its file's position 0 lands in the mix.</summary>
public sealed record SyntheticParticipant(
    string ParticipantId,
    string Identity,
    string FileName,
    string Path,
    SyntheticFormat Format,
    bool IsAgent,
    long JoinOffsetSamples,
    double FrequencyHz,
    double FirstAudioSeconds,
    double TimelineEndSeconds)
{
    public double JoinOffsetSeconds => JoinOffsetSamples / 48000.0;
}

/// <summary>A tone burst: where it sits in the MIX timeline (seconds), its pitch and peak amplitude.</summary>
public sealed record SyntheticBurst(
    string ParticipantId,
    double StartSeconds,
    double EndSeconds,
    double FrequencyHz,
    double Amplitude,
    bool IsShout);
