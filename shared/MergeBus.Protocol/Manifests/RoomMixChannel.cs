using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>Which participants a channel of the mix carries (e.g. dual_channel_agent).</summary>
public sealed record RoomMixChannel(int Channel, IReadOnlyList<string> ParticipantIds)
{
    /// <summary>MergeBus addition: the people (participant identities) heard on this channel; which channel is whose.</summary>
    public IReadOnlyList<string> ParticipantIdentities { get; init; } = [];

    internal static RoomMixChannel FromJson(JsonObject o, string path) => new(
        JsonFields.Int32(o, "channel", path) ?? 0,
        JsonFields.Strings(o, "participant_ids", path))
    {
        ParticipantIdentities = o["participant_identities"] is null ? [] : JsonFields.Strings(o, "participant_identities", path),
    };

    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["channel"] = Channel,
            ["participant_ids"] = new JsonArray(ParticipantIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
        };
        // A channel of one person (per_participant, a dual layout's side of one) names them outright: which channel is whose.
        if (ParticipantIdentities.Count == 1) json["participant_identity"] = ParticipantIdentities[0];
        if (ParticipantIdentities.Count > 0)
            json["participant_identities"] = new JsonArray([.. ParticipantIdentities.Select(id => (JsonNode?)JsonValue.Create(id))]);
        return json;
    }
}
