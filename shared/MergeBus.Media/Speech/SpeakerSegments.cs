namespace MergeBus.Media.Speech;

/// <summary>One participant's entry in speech.json.</summary>
public sealed record SpeakerSegments(string ParticipantId, string Identity, IReadOnlyList<SpeechSegment> Segments);
