using System.Globalization;
using System.Text.Json.Nodes;
using MergeBus.Media.Synthesis;
using MergeBus.Testing.LiveKit;

namespace MergeBus.LiveKit.Tests.Support;

/// <summary>
/// A generated room recorded the way stock track egress records an audio track: each track its own Ogg Opus file,
/// stereo at 48 kHz, continuous (the egress decodes, gap-fills with audiorate and re-encodes with opusenc at
/// 128 kbps), under the name the egress gives it, and EgressInfo made by LiveKit's JS packages whose
/// <c>file_results[].started_at</c> carry the join offsets. Participant 0 and the last one are one person, alice,
/// who reconnected: two participant sids, two tracks.
/// </summary>
internal sealed class StockEgressSession : IDisposable
{
    public const string RoomSid = "RM_stock01";
    public const string RoomName = "stock-room";
    public const long T0Ns = 1_770_000_000L * 1_000_000_000L;

    private StockEgressSession(string root, SyntheticSession session, JsonObject room)
    {
        Root = root;
        Session = session;
        Room = room;
    }

    /// <summary>Stands for the bucket: file keys resolve under it.</summary>
    public string Root { get; }
    public SyntheticSession Session { get; }
    /// <summary>The room description given to tests/livekit-js.</summary>
    public JsonObject Room { get; }

    public static string Identity(int participant, int count) => participant == 0 || participant == count - 1 ? "alice" : $"speaker-{participant + 1}";
    public static string TrackId(int participant) => $"TR_stock{participant + 1}";

    /// <param name="filepath">
    /// The egress request's filepath template; empty (the default) names each file {track_id}-{time}.ogg.
    /// </param>
    public static async Task<StockEgressSession> CreateAsync(string filepath = "", double durationSeconds = 8)
    {
        var root = Path.Combine(Path.GetTempPath(), "mergebus-livekit-tests", Guid.NewGuid().ToString("N"));
        var synthetic = await SessionSynthesizer.CreateAsync(Path.Combine(root, "synth"), new SessionSynthesisOptions
        {
            ParticipantCount = 3,
            DurationSeconds = durationSeconds,
            // Tens of ms apart, as track egresses of one room are (livekit/egress#1139), and a reconnect later.
            JoinOffsetsSeconds = [0, 0.0473, 2.6119],
            Stereo = true,
            Dtx = false,
            OpusBitrate = 128_000,
            RoomName = RoomName,
        });
        var count = synthetic.Participants.Count;
        var tracks = new JsonArray();
        var participants = new JsonArray();
        var egresses = new JsonArray();
        for (var p = 0; p < count; p++)
        {
            var source = synthetic.Participants[p];
            var trackId = TrackId(p);
            var identity = Identity(p, count);
            // What the egress names the file (livekit/egress pkg/config/output_file.go): the template with its
            // placeholders replaced and ".ogg" appended, or {track_id}-{time}.ogg when no template is given.
            var key = filepath.Length == 0
                ? $"recordings/{trackId}-2026-02-13T032745.ogg"
                : filepath.Replace("{room_name}", RoomName).Replace("{room_id}", RoomSid)
                      .Replace("{publisher_identity}", identity).Replace("{track_id}", trackId) + ".ogg";
            var local = Path.Combine(root, key);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            File.Move(source.Path, local);
            var start = T0Ns + source.JoinOffsetSamples * 1_000_000_000L / 48_000;
            var end = start + (long)Math.Round(source.TimelineEndSeconds * 1e9);
            participants.Add(new JsonObject { ["sid"] = $"PA_stock{p + 1}", ["identity"] = identity });
            tracks.Add(new JsonObject { ["sid"] = trackId, ["participant"] = $"PA_stock{p + 1}", ["published_at"] = start / 1_000_000_000L });
            egresses.Add(new JsonObject
            {
                ["egress_id"] = $"EG_stock{p + 1}",
                ["track"] = trackId,
                ["filepath"] = filepath,
                ["started_at"] = Text(start - 750_000_000),
                ["ended_at"] = Text(end + 400_000_000),
                ["files"] = new JsonArray(new JsonObject
                {
                    ["filename"] = key,
                    ["location"] = $"https://recordings.s3.amazonaws.com/{key}",
                    ["size"] = new FileInfo(local).Length,
                    ["started_at"] = Text(start),
                    ["ended_at"] = Text(end),
                    ["duration"] = Text(end - start),
                }),
            });
        }
        File.Delete(synthetic.ManifestPath);
        var room = new JsonObject
        {
            ["api_key"] = "APIstock", ["api_secret"] = "stock-secret-0123456789abcdef",
            ["room"] = new JsonObject { ["sid"] = RoomSid, ["name"] = RoomName },
            ["participants"] = participants, ["tracks"] = tracks, ["egresses"] = egresses,
            ["finished_at"] = T0Ns / 1_000_000_000L + 60,
        };
        return new StockEgressSession(root, synthetic, room);
    }

    /// <summary>
    /// Writes the egress_ended EgressInfo of every egress as people hold it: the first as a webhook body, the rest
    /// as one `lk egress list --json` answer. Returns the paths.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteEgressInfoFilesAsync()
    {
        var ended = (await LiveKitJs.EventsAsync(Room)).Where(e => e.Event == "egress_ended").ToList();
        var webhook = Path.Combine(Root, "egress-ended-webhook.json");
        await File.WriteAllTextAsync(webhook, ended[0].Body);
        var list = Path.Combine(Root, "lk-egress-list.json");
        var items = new JsonArray(ended.Skip(1).Select(e => JsonNode.Parse(e.Body)!["egressInfo"]!.DeepClone()).ToArray());
        await File.WriteAllTextAsync(list, new JsonObject { ["items"] = items }.ToJsonString());
        return [webhook, list];
    }

    /// <summary>A --tracks file naming every track's participant.</summary>
    public string WriteTracksFile()
    {
        var tracks = new JsonObject();
        for (var p = 0; p < Session.Participants.Count; p++)
            tracks[TrackId(p)] = new JsonObject
            {
                ["participant_identity"] = Identity(p, Session.Participants.Count), ["participant_id"] = $"PA_stock{p + 1}",
            };
        var path = Path.Combine(Root, "tracks.json");
        File.WriteAllText(path, tracks.ToJsonString());
        return path;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
