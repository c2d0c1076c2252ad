using System.Text.Json;
using MergeBus.LiveKit.Sessions;
using MergeBus.LiveKit.Wire;
using MergeBus.Protocol;

namespace MergeBus.Cli.Commands;

/// <summary>
/// The --tracks file of `mergebus livekit manifest`: whose each track is, since EgressInfo never says. Any of
/// <c>{"TR_x": "alice"}</c>, <c>{"TR_x": {"participant_identity": "alice", "participant_id": "PA_y", "type": "AUDIO"}}</c>
/// or <c>[{"track_id": "TR_x", "participant_identity": "alice", ...}]</c>.
/// </summary>
public static class LiveKitTracksFile
{
    /// <exception cref="PermanentMergeException">Not one of the shapes above.</exception>
    public static IReadOnlyList<SessionTrack> Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException bad)
        {
            throw new PermanentMergeException($"--tracks is not valid JSON (line {(bad.LineNumber ?? 0) + 1})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
                return root.EnumerateArray().Select((e, i) => Track(e, null, $"[{i}]")).ToList();
            if (root.ValueKind == JsonValueKind.Object)
                return root.EnumerateObject().Select(p => Track(p.Value, p.Name, p.Name)).ToList();
            throw new PermanentMergeException("--tracks must be a JSON object or array");
        }
    }

    private static SessionTrack Track(JsonElement e, string? sid, string where)
    {
        if (e.ValueKind == JsonValueKind.String && sid is not null)
            return new SessionTrack { Sid = sid, Identity = e.GetString()! };
        if (e.ValueKind != JsonValueKind.Object)
            throw new PermanentMergeException($"--tracks entry {where} must be an identity string or an object");
        var trackSid = sid ?? Text(e, where, "track_id", "sid", "trackId");
        if (trackSid.Length == 0) throw new PermanentMergeException($"--tracks entry {where} has no track_id");
        var type = Text(e, where, "type");
        return new SessionTrack
        {
            Sid = trackSid,
            Identity = Text(e, where, "participant_identity", "identity", "participantIdentity"),
            ParticipantSid = Text(e, where, "participant_id", "participant_sid", "participantSid", "participantId"),
            Type = type.Length == 0 ? TrackTypes.Audio : type.ToUpperInvariant(),
        };
    }

    private static string Text(JsonElement e, string where, params string[] names)
    {
        foreach (var name in names)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) continue;
            return v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new PermanentMergeException($"--tracks entry {where} field {name} must be a string");
        }
        return "";
    }
}
