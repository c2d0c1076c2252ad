namespace MergeBus.Contracts;

/// <summary>One person in the time map: when they first and last spoke, in mix time (null without speech).</summary>
public record TimelinePerson
{
    public required string ParticipantIdentity { get; init; }
    public long? FirstSpeechMs { get; init; }
    public long? LastSpeechMs { get; init; }
}
