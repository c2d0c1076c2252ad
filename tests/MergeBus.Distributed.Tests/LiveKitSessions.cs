using System.Globalization;
using System.Text.Json.Nodes;
using MergeBus.Distributed.Tests.Support;
using MergeBus.Media.Synthesis;

namespace MergeBus.Distributed.Tests;

/// <summary>A generated stock LiveKit room: the truth to measure the mix against, and its description for tests/livekit-js.</summary>
public sealed record LiveKitRoom(SyntheticSession Truth, JsonObject Description, string RoomSid, string RoomName,
    IReadOnlyList<string> FileKeys);

/// <summary>
/// Generates a room of three people recorded by stock track egress: alice and bob with one audio track each, carol
/// reconnecting (two participant sids, two audio tracks, one identity), and bob's camera, recorded too and to be
/// ignored. Each audio file is uploaded under the name stock egress gives it; its <c>file_results[].started_at</c> is
/// the generated join offset, which is all that places it on the mix timeline.
/// </summary>
public static class LiveKitSessions
{
    public const string ApiKey = "APIe2eIntake";
    public const string ApiSecret = "e2e-intake-secret-0123456789abcdefghijkl";

    private static readonly (string Sid, string Identity)[] People =
        [("PA_alice", "alice"), ("PA_bob", "bob"), ("PA_carol1", "carol"), ("PA_carol2", "carol")];

    /// <param name="upload">False for a file the egress lists but storage never got.</param>
    public static async Task<LiveKitRoom> CreateAsync(Deployment deployment, string roomSid, int seed, Func<int, bool>? upload = null)
    {
        var roomName = $"lk-{roomSid.ToLowerInvariant()}";
        var truth = await SessionSynthesizer.CreateAsync(Path.Combine(deployment.WorkDirectory, "livekit", roomSid), new SessionSynthesisOptions
        {
            ParticipantCount = 4,
            DurationSeconds = 8,
            // carol's second track starts well after her first (a reconnect).
            JoinOffsetsSeconds = [0, 0.6521, 1.3117, 3.9043],
            Seed = seed,
            RoomName = roomName,
            Stereo = true,
        });
        var recordedAt = DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeMilliseconds() * 1_000_000;
        var participants = new JsonArray();
        var tracks = new JsonArray();
        var egresses = new JsonArray();
        var keys = new List<string>();
        for (var i = 0; i < truth.Participants.Count; i++)
        {
            var synthetic = truth.Participants[i];
            var (sid, identity) = People[i];
            var trackSid = $"TR_{roomSid}_a{i}";
            // Nanoseconds from samples, rounded: less than 1 ns from the generated offset.
            var started = recordedAt + (long)Math.Round(synthetic.JoinOffsetSamples * 1_000_000_000.0 / 48000);
            var ended = recordedAt + (long)Math.Round((synthetic.JoinOffsetSeconds + synthetic.TimelineEndSeconds + 0.2) * 1e9);
            var key = $"{roomName}/{identity}-{trackSid}-{DateTimeOffset.FromUnixTimeMilliseconds(started / 1_000_000):yyyy-MM-ddTHHmmss}.ogg";
            if (upload?.Invoke(i) ?? true) await deployment.Storage.PutFileAsync(key, synthetic.Path);
            keys.Add(key);
            participants.Add(new JsonObject { ["sid"] = sid, ["identity"] = identity });
            tracks.Add(new JsonObject
            {
                ["sid"] = trackSid, ["participant"] = sid, ["type"] = "AUDIO", ["source"] = "MICROPHONE", ["published_at"] = started / 1_000_000_000,
            });
            egresses.Add(Egress($"EG_{roomSid}_a{i}", trackSid, roomName, key, new FileInfo(synthetic.Path).Length, started, ended));
        }
        // bob's camera: published and recorded, never mixed (its file is not even uploaded).
        var camera = $"TR_{roomSid}_v1";
        tracks.Add(new JsonObject { ["sid"] = camera, ["participant"] = "PA_bob", ["type"] = "VIDEO", ["source"] = "CAMERA", ["published_at"] = recordedAt / 1_000_000_000 });
        egresses.Add(Egress($"EG_{roomSid}_v1", camera, roomName, $"{roomName}/bob-{camera}.webm", 123456, recordedAt + 500_000_000, recordedAt + 7_000_000_000));

        var description = new JsonObject
        {
            ["api_key"] = ApiKey,
            ["api_secret"] = ApiSecret,
            ["room"] = new JsonObject { ["sid"] = roomSid, ["name"] = roomName },
            ["participants"] = participants,
            ["tracks"] = tracks,
            ["egresses"] = egresses,
            ["finished_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        return new LiveKitRoom(truth, description, roomSid, roomName, keys);
    }

    private static JsonObject Egress(string id, string trackSid, string roomName, string key, long size, long started, long ended) => new()
    {
        ["egress_id"] = id,
        ["track"] = trackSid,
        ["status"] = "EGRESS_COMPLETE",
        ["filepath"] = roomName + "/{publisher_identity}-{track_id}-{time}",
        ["started_at"] = Ns(started - 40_000_000),
        ["ended_at"] = Ns(ended + 300_000_000),
        ["files"] = new JsonArray(new JsonObject
        {
            ["filename"] = key, ["size"] = size, ["started_at"] = Ns(started), ["ended_at"] = Ns(ended), ["duration"] = Ns(ended - started),
        }),
    };

    private static string Ns(long value) => value.ToString(CultureInfo.InvariantCulture);
}
