namespace MergeBus.Mixer.Components.Mixing;

/// <param name="ParticipantId">The person's first participant id (all of them: <see cref="ParticipantIds"/>).</param>
/// <param name="Identity">The person (<see cref="MixInput.PersonKey"/>).</param>
/// <param name="SpeechLufs">Gated BS.1770 loudness of the person's speech (all fragments together) as the delivered file
/// carries it before any gain (a mono voice on both channels of a stereo mix reads 3 dB above its recording); null without speech.</param>
/// <param name="GainDb">The one static gain applied (0 when leveling is off).</param>
/// <param name="TruePeakDbtp">True peak of the recorded tracks; measured only when leveling.</param>
public sealed record SpeakerLevel(string ParticipantId, string Identity, double? SpeechLufs, double GainDb, double? TruePeakDbtp, long SpeechMs)
{
    public IReadOnlyList<string> ParticipantIds { get; init; } = [];

    /// <summary>Mix time of the person's first and last speech, ms; null without speech.</summary>
    public long? FirstSpeechMs { get; init; }

    public long? LastSpeechMs { get; init; }
}
