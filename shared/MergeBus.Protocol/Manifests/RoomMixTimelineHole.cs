using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>A stretch of an input with no audio packets, in mix time (ms).</summary>
public sealed record RoomMixTimelineHole(double StartMs, double EndMs)
{
    internal static RoomMixTimelineHole FromJson(JsonObject o, string path) => new(
        JsonFields.Double(o, "start_ms", path) ?? 0,
        JsonFields.Double(o, "end_ms", path) ?? 0);

    internal JsonObject ToJson() => new() { ["start_ms"] = StartMs, ["end_ms"] = EndMs };
}
