using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>One recorded file of a participant (spec §2).</summary>
public sealed record ManifestArtifact
{
    public string Format { get; init; } = "";
    public string Filename { get; init; } = "";
    public string StorageUri { get; init; } = "";
    public long Size { get; init; }
    /// <summary>Audio actually present; excludes holes, so it is not the timeline length.</summary>
    public long DurationMs { get; init; }
    /// <summary>Hex SHA-256 of the stored bytes.</summary>
    public string Sha256 { get; init; } = "";
    public long? UploadedAt { get; init; }

    internal static ManifestArtifact FromJson(JsonObject o, string path) => new()
    {
        Format = JsonFields.String(o, "format", path) ?? "",
        Filename = JsonFields.String(o, "filename", path) ?? "",
        StorageUri = JsonFields.String(o, "storage_uri", path) ?? "",
        Size = JsonFields.Int64(o, "size", path) ?? 0,
        DurationMs = JsonFields.Int64(o, "duration_ms", path) ?? 0,
        Sha256 = JsonFields.String(o, "sha256", path) ?? "",
        UploadedAt = JsonFields.Int64(o, "uploaded_at", path),
    };
}
