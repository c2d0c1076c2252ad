using System.Text.Json.Serialization;

namespace MergeBus.Protocol.Jobs;

public sealed record JobEncryption
{
    [JsonPropertyName("mode")] public string Mode { get; init; } = "none";

    [JsonPropertyName("master_key")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MasterKey { get; init; }

    [JsonPropertyName("kms_key_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KmsKeyId { get; init; }

    [JsonPropertyName("cmek_key_name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CmekKeyName { get; init; }

    /// <summary>Never print the key, even through a record's generated ToString.</summary>
    public override string ToString() => $"JobEncryption {{ Mode = {Mode} }}";
}
