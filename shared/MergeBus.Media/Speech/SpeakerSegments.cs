namespace MergeBus.Media.Speech;

/// <summary>One person's entry in speech.json (<paramref name="ParticipantId"/>: their first participant id).</summary>
public sealed record SpeakerSegments(string ParticipantId, string Identity, IReadOnlyList<SpeechSegment> Segments)
{
    /// <summary>The person: their identity, or their participant id when they have none.</summary>
    public string? ParticipantIdentity { get; init; }

    /// <summary>Every participant id of the person (a rejoin gets a new one), in mix order.</summary>
    public IReadOnlyList<string> ParticipantIds { get; init; } = [];

    /// <summary>Every track of the person (empty ids left out).</summary>
    public IReadOnlyList<string> TrackIds { get; init; } = [];
}
