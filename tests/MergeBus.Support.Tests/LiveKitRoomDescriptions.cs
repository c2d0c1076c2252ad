using System.Globalization;
using System.Text.Json.Nodes;

namespace MergeBus.Support.Tests;

/// <summary>
/// Room descriptions for tests/livekit-js (its README): the tests say what happened in a room, and LiveKit's own
/// SDK makes and signs the webhooks.
/// </summary>
public static class LiveKitRoomDescriptions
{
    public const string ApiKey = "APIintakeTests";
    public const string ApiSecret = "intake-secret-0123456789abcdefghijklmnop";

    /// <summary>A room of one audio track (alice's), its egress's one file at <paramref name="filename"/>, finished now.</summary>
    public static JsonObject OneTrack(string roomSid, string roomName, string filename, long size, DateTimeOffset startedAt)
    {
        var started = startedAt.ToUnixTimeMilliseconds() * 1_000_000;
        var ended = started + 12_000_000_000;
        return new JsonObject
        {
            ["api_key"] = ApiKey,
            ["api_secret"] = ApiSecret,
            ["room"] = new JsonObject { ["sid"] = roomSid, ["name"] = roomName },
            ["participants"] = new JsonArray(new JsonObject { ["sid"] = "PA_alice1", ["identity"] = "alice" }),
            ["tracks"] = new JsonArray(new JsonObject
            {
                ["sid"] = "TR_alice1", ["participant"] = "PA_alice1", ["type"] = "AUDIO", ["source"] = "MICROPHONE",
                ["published_at"] = startedAt.ToUnixTimeSeconds(),
            }),
            ["egresses"] = new JsonArray(new JsonObject
            {
                ["egress_id"] = "EG_" + roomSid,
                ["track"] = "TR_alice1",
                ["status"] = "EGRESS_COMPLETE",
                ["filepath"] = roomName + "/{publisher_identity}-{track_id}-{time}",
                ["started_at"] = Ns(started - 40_000_000),
                ["ended_at"] = Ns(ended + 300_000_000),
                ["files"] = new JsonArray(new JsonObject
                {
                    ["filename"] = filename, ["size"] = size, ["started_at"] = Ns(started), ["ended_at"] = Ns(ended),
                    ["duration"] = Ns(ended - started),
                }),
            }),
            ["finished_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
    }

    /// <summary>A room with <paramref name="count"/> audio tracks of one participant and nothing else: that many track_published events.</summary>
    public static JsonObject ManyTracks(string roomSid, int count) => new()
    {
        ["api_key"] = ApiKey,
        ["api_secret"] = ApiSecret,
        ["room"] = new JsonObject { ["sid"] = roomSid, ["name"] = "flood" },
        ["participants"] = new JsonArray(new JsonObject { ["sid"] = "PA_flood", ["identity"] = "flood" }),
        ["tracks"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["sid"] = $"TR_flood{i}", ["participant"] = "PA_flood", ["published_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        })]),
    };

    private static string Ns(long value) => value.ToString(CultureInfo.InvariantCulture);
}
