namespace MergeBus.Media.Speech;

/// <summary>One speech.json entry as read back: a person and their speech, ms of mix time, end exclusive.</summary>
public sealed record SpeechIndexEntry(
    string ParticipantId,
    string Identity,
    string ParticipantIdentity,
    IReadOnlyList<string> ParticipantIds,
    IReadOnlyList<string> TrackIds,
    IReadOnlyList<(long StartMs, long EndMs)> Segments);
