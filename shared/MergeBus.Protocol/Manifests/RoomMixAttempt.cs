using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>room_mix.last_attempt: {status, error, at (unix ns)}.</summary>
public sealed record RoomMixAttempt(string Status, string Error, long At)
{
    internal static RoomMixAttempt FromJson(JsonObject o, string path) => new(
        JsonFields.String(o, "status", path) ?? "",
        JsonFields.String(o, "error", path) ?? "",
        JsonFields.Int64(o, "at", path) ?? 0);

    internal JsonObject ToJson() => new() { ["status"] = Status, ["error"] = Error, ["at"] = At };
}
