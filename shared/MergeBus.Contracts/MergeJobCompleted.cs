namespace MergeBus.Contracts;

/// <summary>Public event (v1): the room mix exists and the manifest lists it. Fields are only ever added.</summary>
public record MergeJobCompleted
{
    public required string JobId { get; init; }
    public string SessionId { get; init; } = "";
    public required string ManifestPath { get; init; }
    public required IReadOnlyList<PublishedArtifact> Artifacts { get; init; }
    /// <summary>Attempts the job took: 1 when nothing failed.</summary>
    public int Attempts { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>Bytes this moved through the worker; zero from senders that predate the field.</summary>
    public TransferCounts Transfer { get; init; } = new();
    /// <summary>The LiveKit room the session was recorded in.</summary>
    public string RoomName { get; init; } = "";
    /// <summary>Tries that failed before the job completed (the status key's <c>retries</c>).</summary>
    public int FailedAttempts { get; init; }
    /// <summary>Wall-clock milliseconds spent in each step (fetch, mix, publish), its failed tries included.</summary>
    public IReadOnlyDictionary<string, long> StepDurationsMs { get; init; } = new Dictionary<string, long>();
    /// <summary>Channel index → participant ids heard on that channel, for every artifact.</summary>
    public IReadOnlyList<ChannelAssignment> Channels { get; init; } = [];
}
