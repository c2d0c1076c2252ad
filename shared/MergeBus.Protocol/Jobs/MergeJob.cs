using System.Text.Json.Serialization;

namespace MergeBus.Protocol.Jobs;

/// <summary>The job JSON the egress pushes onto livekit:egress:merge:queue (spec §1).</summary>
public sealed record MergeJob
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("manifest_path")] public string ManifestPath { get; init; } = "";
    [JsonPropertyName("session_id")] public string SessionId { get; init; } = "";

    [JsonPropertyName("encryption")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JobEncryption? Encryption { get; init; }

    [JsonPropertyName("status")] public string Status { get; init; } = JobStatuses.Pending;
    [JsonPropertyName("retries")] public int Retries { get; init; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; init; }
    [JsonPropertyName("started_at")] public long StartedAt { get; init; }
    [JsonPropertyName("completed_at")] public long CompletedAt { get; init; }
    [JsonPropertyName("error")] public string Error { get; init; } = "";
    [JsonPropertyName("worker_id")] public string WorkerId { get; init; } = "";

    /// <summary>A copy safe to store or log: the master key removed.</summary>
    public MergeJob WithoutSecrets() =>
        Encryption is null ? this : this with { Encryption = Encryption with { MasterKey = null } };
}
