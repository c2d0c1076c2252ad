using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>One input of room_mix.timeline: where a fragment of a person lies in mix time (ms, fractional).</summary>
public sealed record RoomMixTimelineInput
{
    public string ParticipantIdentity { get; init; } = "";
    public string ParticipantId { get; init; } = "";
    public string TrackId { get; init; } = "";
    public string StorageUri { get; init; } = "";
    /// <summary>Where the input's own timeline starts in the mix.</summary>
    public double StartMs { get; init; }
    /// <summary>The input's own timeline, holes included.</summary>
    public double LengthMs { get; init; }
    /// <summary>Stretches without audio packets (DTX, mute), in mix time.</summary>
    public IReadOnlyList<RoomMixTimelineHole> Holes { get; init; } = [];
    /// <summary>clock_sync, joined_at or egress_started_at (<see cref="AlignmentAnchors"/>).</summary>
    public string Anchor { get; init; } = "";

    internal static RoomMixTimelineInput FromJson(JsonObject o, string path) => new()
    {
        ParticipantIdentity = JsonFields.String(o, "participant_identity", path) ?? "",
        ParticipantId = JsonFields.String(o, "participant_id", path) ?? "",
        TrackId = JsonFields.String(o, "track_id", path) ?? "",
        StorageUri = JsonFields.String(o, "storage_uri", path) ?? "",
        StartMs = JsonFields.Double(o, "start_ms", path) ?? 0,
        LengthMs = JsonFields.Double(o, "length_ms", path) ?? 0,
        Holes = [.. JsonFields.Objects(o, "holes", path)
            .Select((h, n) => RoomMixTimelineHole.FromJson(h, $"{JsonFields.Join(path, "holes")}[{n}]"))],
        Anchor = JsonFields.String(o, "anchor", path) ?? "",
    };

    internal JsonObject ToJson() => new()
    {
        ["participant_identity"] = ParticipantIdentity,
        ["participant_id"] = ParticipantId,
        ["track_id"] = TrackId,
        ["storage_uri"] = StorageUri,
        ["start_ms"] = StartMs,
        ["length_ms"] = LengthMs,
        ["holes"] = new JsonArray([.. Holes.Select(h => (JsonNode?)h.ToJson())]),
        ["anchor"] = Anchor,
    };
}
