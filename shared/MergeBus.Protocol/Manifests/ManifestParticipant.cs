using System.Text.Json;
using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>One participants[] entry (spec §2).</summary>
public sealed record ManifestParticipant
{
    public string ParticipantId { get; init; } = "";
    public string ParticipantIdentity { get; init; } = "";
    public string TrackId { get; init; } = "";
    public long JoinedAt { get; init; }
    public long? LeftAt { get; init; }
    public ClockSync? ClockSync { get; init; }
    public IReadOnlyList<ManifestArtifact> Artifacts { get; init; } = [];

    /// <summary>
    /// LiveKit's ParticipantInfo.Kind when the entry carries a "kind" field, lower-cased by name
    /// ("standard", "agent", ...); a numeric kind is mapped to its name. Null when absent.
    /// </summary>
    public string? Kind { get; init; }

    /// <summary>
    /// MergeBus addition: what <c>joined_at</c> stands for when it is not the join itself, e.g.
    /// <see cref="AlignmentAnchors.EgressStartedAt"/> from the LiveKit intake. Null when absent.
    /// </summary>
    public string? Anchor { get; init; }

    // ParticipantInfo.Kind enum values, in LiveKit's protocol order.
    private static readonly string[] KindNames = ["standard", "ingress", "egress", "sip", "agent"];

    internal static ManifestParticipant FromJson(JsonObject o, string path)
    {
        var artifacts = JsonFields.Objects(o, "artifacts", path);
        var clockSync = JsonFields.Object(o, "clock_sync", path);
        return new ManifestParticipant
        {
            ParticipantId = JsonFields.String(o, "participant_id", path) ?? "",
            ParticipantIdentity = JsonFields.String(o, "participant_identity", path) ?? "",
            TrackId = JsonFields.String(o, "track_id", path) ?? "",
            JoinedAt = JsonFields.Int64(o, "joined_at", path) ?? 0,
            LeftAt = JsonFields.Int64(o, "left_at", path),
            ClockSync = clockSync is null ? null : ClockSync.FromJson(clockSync, JsonFields.Join(path, "clock_sync")),
            Artifacts = artifacts
                .Select((a, i) => ManifestArtifact.FromJson(a, $"{JsonFields.Join(path, "artifacts")}[{i}]"))
                .ToList(),
            Kind = ReadKind(o, path),
            Anchor = JsonFields.String(o, "anchor", path),
        };
    }

    private static string? ReadKind(JsonObject o, string path)
    {
        var node = o["kind"];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            return v.GetValue<string>().Trim().ToLowerInvariant();
        if (node is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<int>(out var number))
            return number >= 0 && number < KindNames.Length ? KindNames[number] : number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw new PermanentMergeException($"manifest field {JsonFields.Join(path, "kind")} must be a string or an integer");
    }
}
