namespace MergeBus.Media.Synthesis;

/// <summary>A tone burst: where it sits in the MIX timeline (seconds), its pitch and peak amplitude.</summary>
public sealed record SyntheticBurst(
    string ParticipantId,
    double StartSeconds,
    double EndSeconds,
    double FrequencyHz,
    double Amplitude,
    bool IsShout);
