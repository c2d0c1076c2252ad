using System.Text.Json;
using MergeBus.Protocol;

namespace MergeBus.LiveKit.Wire;

/// <summary>Parses LiveKit's protobuf JSON: webhook bodies, EgressInfo objects and Twirp ListEgress answers.</summary>
public static class LiveKitJson
{
    // Deep enough for any LiveKit message, shallow enough that a hostile body cannot recurse far.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <exception cref="PermanentMergeException">Not JSON, not an object, or a known field of the wrong shape.</exception>
    public static WebhookEvent ParseEvent(ReadOnlySpan<byte> json)
    {
        using var doc = Parse(json, "webhook event");
        return ReadEvent(RootObject(doc, "webhook event"));
    }

    /// <summary>One <c>EgressInfo</c> object.</summary>
    public static EgressInfo ParseEgressInfo(ReadOnlySpan<byte> json)
    {
        using var doc = Parse(json, "EgressInfo");
        return ReadEgress(RootObject(doc, "EgressInfo"), "");
    }

    /// <summary>A Twirp <c>ListEgressResponse</c>: <c>{"items": [EgressInfo…]}</c>.</summary>
    public static IReadOnlyList<EgressInfo> ParseEgressList(ReadOnlySpan<byte> json)
    {
        using var doc = Parse(json, "ListEgressResponse");
        var root = RootObject(doc, "ListEgressResponse");
        return ProtoJson.Objects(root, "items", "items", "").Select((e, i) => ReadEgress(e, $"items[{i}]")).ToList();
    }

    /// <summary>
    /// EgressInfo in any of the shapes people hold it: one object, an array of them, a ListEgressResponse
    /// (<c>{"items": […]}</c>, what <c>lk egress list --json</c> prints) or a webhook event carrying <c>egressInfo</c>.
    /// </summary>
    public static IReadOnlyList<EgressInfo> ParseEgressInfos(ReadOnlySpan<byte> json)
    {
        using var doc = Parse(json, "EgressInfo");
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
            return root.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.Object
                ? ReadEgress(e, $"[{i}]")
                : throw new PermanentMergeException($"EgressInfo list item [{i}] is not an object")).ToList();
        if (root.ValueKind != JsonValueKind.Object)
            throw new PermanentMergeException("EgressInfo JSON is neither an object nor an array");
        if (ProtoJson.Field(root, "items", "items") is not null)
            return ProtoJson.Objects(root, "items", "items", "").Select((e, i) => ReadEgress(e, $"items[{i}]")).ToList();
        if (ProtoJson.Object(root, "egressInfo", "egress_info", "") is { } inner)
            return [ReadEgress(inner, "egress_info")];
        return [ReadEgress(root, "")];
    }

    /// <summary>
    /// The event as protobuf JSON holding only what MergeBus reads, for keeping: a webhook body can carry the egress
    /// request's upload section, storage credentials included, which this leaves out. <see cref="ParseEvent"/> reads it back.
    /// </summary>
    public static string Write(WebhookEvent e) => ProtoJsonWriter.Event(e).ToJsonString();

    /// <summary>The EgressInfo as protobuf JSON holding only what MergeBus reads (see <see cref="Write(WebhookEvent)"/>).</summary>
    public static string Write(EgressInfo info) => ProtoJsonWriter.Egress(info).ToJsonString();

    /// <summary>A ListEgress answer as <c>{"items": […]}</c> holding only what MergeBus reads; <see cref="ParseEgressList"/> reads it back.</summary>
    public static string WriteEgressList(IEnumerable<EgressInfo> items) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["items"] = new System.Text.Json.Nodes.JsonArray(items.Select(i => (System.Text.Json.Nodes.JsonNode)ProtoJsonWriter.Egress(i)).ToArray()),
        }.ToJsonString();

    private static JsonDocument Parse(ReadOnlySpan<byte> json, string what)
    {
        if (json.IsEmpty) throw new PermanentMergeException($"{what} JSON is empty");
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException bad)
        {
            throw new PermanentMergeException(
                $"{what} is not valid JSON (line {(bad.LineNumber ?? 0) + 1}, byte {(bad.BytePositionInLine ?? 0) + 1})");
        }
    }

    private static JsonElement RootObject(JsonDocument doc, string what) =>
        doc.RootElement.ValueKind == JsonValueKind.Object
            ? doc.RootElement
            : throw new PermanentMergeException($"{what} JSON is not an object");

    private static WebhookEvent ReadEvent(JsonElement o)
    {
        var room = ProtoJson.Object(o, "room", "room", "");
        var participant = ProtoJson.Object(o, "participant", "participant", "");
        var track = ProtoJson.Object(o, "track", "track", "");
        var egress = ProtoJson.Object(o, "egressInfo", "egress_info", "");
        return new WebhookEvent
        {
            Id = ProtoJson.String(o, "id", "id", ""),
            Event = ProtoJson.String(o, "event", "event", ""),
            CreatedAt = ProtoJson.Int64(o, "createdAt", "created_at", ""),
            Room = room is { } r ? new RoomInfo
            {
                Sid = ProtoJson.String(r, "sid", "sid", "room"),
                Name = ProtoJson.String(r, "name", "name", "room"),
            } : null,
            Participant = participant is { } p ? new ParticipantInfo
            {
                Sid = ProtoJson.String(p, "sid", "sid", "participant"),
                Identity = ProtoJson.String(p, "identity", "identity", "participant"),
                Kind = ProtoJson.Enum(p, "kind", "kind", "participant", ParticipantKinds),
            } : null,
            Track = track is { } t ? new TrackInfo
            {
                Sid = ProtoJson.String(t, "sid", "sid", "track"),
                Type = ProtoJson.Enum(t, "type", "type", "track", TrackTypes.ByNumber),
                Source = ProtoJson.Enum(t, "source", "source", "track", TrackSources),
                Name = ProtoJson.String(t, "name", "name", "track"),
                MimeType = ProtoJson.String(t, "mimeType", "mime_type", "track"),
            } : null,
            EgressInfo = egress is { } e ? ReadEgress(e, "egress_info") : null,
        };
    }

    private static EgressInfo ReadEgress(JsonElement o, string path)
    {
        var (trackId, filepath) = ReadRequest(o, path);
        var files = ProtoJson.Objects(o, "fileResults", "file_results", path)
            .Select((f, i) => ReadFile(f, $"{ProtoJson.Join(path, "file_results")}[{i}]"))
            .ToList();
        // Egress builds before file_results wrote the single deprecated "file" result.
        if (files.Count == 0 && ProtoJson.Object(o, "file", "file", path) is { } legacy)
            files.Add(ReadFile(legacy, ProtoJson.Join(path, "file")));
        return new EgressInfo
        {
            EgressId = ProtoJson.String(o, "egressId", "egress_id", path),
            RoomId = ProtoJson.String(o, "roomId", "room_id", path),
            RoomName = ProtoJson.String(o, "roomName", "room_name", path),
            Status = ProtoJson.Enum(o, "status", "status", path, EgressStatuses.ByNumber),
            StartedAt = ProtoJson.Int64(o, "startedAt", "started_at", path),
            EndedAt = ProtoJson.Int64(o, "endedAt", "ended_at", path),
            UpdatedAt = ProtoJson.Int64(o, "updatedAt", "updated_at", path),
            Error = ProtoJson.String(o, "error", "error", path),
            TrackId = trackId,
            RequestedFilepath = filepath,
            FileResults = files,
        };
    }

    /// <summary>The track id and file path template from the request: <c>track</c>, or a v2 <c>egress</c> with one audio route.</summary>
    private static (string TrackId, string Filepath) ReadRequest(JsonElement o, string path)
    {
        if (ProtoJson.Object(o, "track", "track", path) is { } track)
        {
            var trackPath = ProtoJson.Join(path, "track");
            var file = ProtoJson.Object(track, "file", "file", trackPath);
            return (ProtoJson.String(track, "trackId", "track_id", trackPath),
                file is { } f ? ProtoJson.String(f, "filepath", "filepath", ProtoJson.Join(trackPath, "file")) : "");
        }
        if (ProtoJson.Object(o, "egress", "egress", path) is { } v2 &&
            ProtoJson.Object(v2, "media", "media", ProtoJson.Join(path, "egress")) is { } media &&
            ProtoJson.Object(media, "audio", "audio", "") is { } audio)
        {
            var ids = ProtoJson.Objects(audio, "routes", "routes", ProtoJson.Join(path, "egress.media.audio"))
                .Select(r => ProtoJson.String(r, "trackId", "track_id", ""))
                .Where(id => id.Length > 0)
                .ToList();
            if (ids.Count == 1) return (ids[0], "");
        }
        return ("", "");
    }

    private static EgressFileInfo ReadFile(JsonElement f, string path) => new()
    {
        Filename = ProtoJson.String(f, "filename", "filename", path),
        Location = ProtoJson.String(f, "location", "location", path),
        Size = ProtoJson.Int64(f, "size", "size", path),
        StartedAt = ProtoJson.Int64(f, "startedAt", "started_at", path),
        EndedAt = ProtoJson.Int64(f, "endedAt", "ended_at", path),
        Duration = ProtoJson.Int64(f, "duration", "duration", path),
    };

    // Enum orders from livekit_models.proto.
    private static readonly string[] ParticipantKinds = ["STANDARD", "INGRESS", "EGRESS", "SIP", "AGENT", "5", "6", "CONNECTOR", "BRIDGE"];
    private static readonly string[] TrackSources =
        ["UNKNOWN", "CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"];
}
