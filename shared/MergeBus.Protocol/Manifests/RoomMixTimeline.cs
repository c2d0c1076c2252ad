using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>
/// MergeBus addition, room_mix.timeline: the time map. Mix time (ms) plus <see cref="OriginUnixNs"/> is the
/// wall-clock time of the meeting, so every word of a transcript of the mix or a stem has its meeting time.
/// </summary>
public sealed record RoomMixTimeline
{
    /// <summary>The wall-clock time (Unix ns) of mix time 0.</summary>
    public long OriginUnixNs { get; init; }
    public IReadOnlyList<RoomMixTimelineInput> Inputs { get; init; } = [];
    public IReadOnlyList<RoomMixTimelinePerson> People { get; init; } = [];

    internal static RoomMixTimeline FromJson(JsonObject o, string path) => new()
    {
        OriginUnixNs = JsonFields.Int64(o, "origin_unix_ns", path) ?? 0,
        Inputs = [.. JsonFields.Objects(o, "inputs", path)
            .Select((i, n) => RoomMixTimelineInput.FromJson(i, $"{JsonFields.Join(path, "inputs")}[{n}]"))],
        People = [.. JsonFields.Objects(o, "people", path)
            .Select((p, n) => RoomMixTimelinePerson.FromJson(p, $"{JsonFields.Join(path, "people")}[{n}]"))],
    };

    internal JsonObject ToJson() => new()
    {
        ["origin_unix_ns"] = OriginUnixNs,
        ["inputs"] = new JsonArray([.. Inputs.Select(i => (JsonNode?)i.ToJson())]),
        ["people"] = new JsonArray([.. People.Select(p => (JsonNode?)p.ToJson())]),
    };
}
