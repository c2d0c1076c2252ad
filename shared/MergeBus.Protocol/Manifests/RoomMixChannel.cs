using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>Which participants a channel of the mix carries (e.g. dual_channel_agent).</summary>
public sealed record RoomMixChannel(int Channel, IReadOnlyList<string> ParticipantIds)
{
    internal static RoomMixChannel FromJson(JsonObject o, string path) => new(
        JsonFields.Int32(o, "channel", path) ?? 0,
        JsonFields.Strings(o, "participant_ids", path));

    internal JsonObject ToJson() => new()
    {
        ["channel"] = Channel,
        ["participant_ids"] = new JsonArray(ParticipantIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
    };
}
