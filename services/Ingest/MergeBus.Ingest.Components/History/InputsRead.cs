namespace MergeBus.Ingest.Components.History;

/// <summary>What the Fetcher read: the participants, where each lands, and where their audio is present.</summary>
public sealed record InputsRead(
    string JobId, int Attempt, string Room, string Layout, int SampleRate, long TimelineSamples, IReadOnlyList<ParticipantLane> Participants);
