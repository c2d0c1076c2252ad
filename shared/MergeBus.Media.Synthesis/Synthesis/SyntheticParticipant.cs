namespace MergeBus.Media.Synthesis;

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
