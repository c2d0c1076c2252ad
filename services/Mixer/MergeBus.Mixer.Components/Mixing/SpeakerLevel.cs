namespace MergeBus.Mixer.Components.Mixing;

/// <param name="SpeechLufs">Gated BS.1770 loudness of the participant's speech as recorded; null without speech.</param>
/// <param name="GainDb">The one static gain applied (0 when leveling is off).</param>
/// <param name="TruePeakDbtp">True peak of the recorded track; measured only when leveling.</param>
public sealed record SpeakerLevel(string ParticipantId, string Identity, double? SpeechLufs, double GainDb, double? TruePeakDbtp, long SpeechMs);
