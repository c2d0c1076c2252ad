using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>One person of room_mix.timeline: first and last speech in mix time (ms); null without speech.</summary>
public sealed record RoomMixTimelinePerson
{
    public string ParticipantIdentity { get; init; } = "";
    public long? FirstSpeechMs { get; init; }
    public long? LastSpeechMs { get; init; }

    internal static RoomMixTimelinePerson FromJson(JsonObject o, string path) => new()
    {
        ParticipantIdentity = JsonFields.String(o, "participant_identity", path) ?? "",
        FirstSpeechMs = JsonFields.Int64(o, "first_speech_ms", path),
        LastSpeechMs = JsonFields.Int64(o, "last_speech_ms", path),
    };

    internal JsonObject ToJson() => new()
    {
        ["participant_identity"] = ParticipantIdentity,
        ["first_speech_ms"] = FirstSpeechMs is { } first ? JsonValue.Create(first) : null,
        ["last_speech_ms"] = LastSpeechMs is { } last ? JsonValue.Create(last) : null,
    };
}
