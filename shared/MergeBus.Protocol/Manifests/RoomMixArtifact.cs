using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>One file of the mix. Unlike a participant artifact it states its channel count and rate.</summary>
public sealed record RoomMixArtifact
{
    public string Format { get; init; } = "";
    public string Filename { get; init; } = "";
    public string StorageUri { get; init; } = "";
    public long Size { get; init; }
    public long DurationMs { get; init; }
    public string Sha256 { get; init; } = "";
    public int ChannelCount { get; init; }
    public int SampleRate { get; init; }
    /// <summary>MergeBus addition, on a stem only: the person it holds.</summary>
    public string? ParticipantIdentity { get; init; }

    internal static RoomMixArtifact FromJson(JsonObject o, string path) => new()
    {
        Format = JsonFields.String(o, "format", path) ?? "",
        Filename = JsonFields.String(o, "filename", path) ?? "",
        StorageUri = JsonFields.String(o, "storage_uri", path) ?? "",
        Size = JsonFields.Int64(o, "size", path) ?? 0,
        DurationMs = JsonFields.Int64(o, "duration_ms", path) ?? 0,
        Sha256 = JsonFields.String(o, "sha256", path) ?? "",
        ChannelCount = JsonFields.Int32(o, "channel_count", path) ?? 0,
        SampleRate = JsonFields.Int32(o, "sample_rate", path) ?? 0,
        ParticipantIdentity = JsonFields.String(o, "participant_identity", path),
    };

    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
        ["format"] = Format,
        ["filename"] = Filename,
        ["storage_uri"] = StorageUri,
        ["size"] = Size,
        ["duration_ms"] = DurationMs,
        ["sha256"] = Sha256,
        ["channel_count"] = ChannelCount,
        ["sample_rate"] = SampleRate,
        };
        if (ParticipantIdentity is not null) json["participant_identity"] = ParticipantIdentity;
        return json;
    }
}
