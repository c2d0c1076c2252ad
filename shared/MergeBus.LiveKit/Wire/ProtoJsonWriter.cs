using System.Globalization;
using System.Text.Json.Nodes;

namespace MergeBus.LiveKit.Wire;

/// <summary>
/// Writes the parsed records back as protobuf JSON (lowerCamelCase, int64 as strings, enums by name) that
/// <see cref="LiveKitJson"/> reads again. Only what the records hold is written: never a request's upload section.
/// </summary>
internal static class ProtoJsonWriter
{
    public static JsonObject Event(WebhookEvent e)
    {
        var o = new JsonObject { ["id"] = e.Id, ["event"] = e.Event, ["createdAt"] = Text(e.CreatedAt) };
        if (e.Room is { } room) o["room"] = new JsonObject { ["sid"] = room.Sid, ["name"] = room.Name };
        if (e.Participant is { } p)
            o["participant"] = new JsonObject { ["sid"] = p.Sid, ["identity"] = p.Identity, ["kind"] = p.Kind };
        if (e.Track is { } t)
            o["track"] = new JsonObject
            {
                ["sid"] = t.Sid, ["type"] = t.Type, ["source"] = t.Source, ["name"] = t.Name, ["mimeType"] = t.MimeType,
            };
        if (e.EgressInfo is { } info) o["egressInfo"] = Egress(info);
        return o;
    }

    public static JsonObject Egress(EgressInfo info)
    {
        var o = new JsonObject
        {
            ["egressId"] = info.EgressId,
            ["roomId"] = info.RoomId,
            ["roomName"] = info.RoomName,
            ["status"] = info.Status,
            ["startedAt"] = Text(info.StartedAt),
            ["endedAt"] = Text(info.EndedAt),
            ["updatedAt"] = Text(info.UpdatedAt),
            ["error"] = info.Error,
        };
        if (info.TrackId.Length > 0 || info.RequestedFilepath.Length > 0)
            o["track"] = new JsonObject
            {
                ["roomName"] = info.RoomName,
                ["trackId"] = info.TrackId,
                ["file"] = new JsonObject { ["filepath"] = info.RequestedFilepath },
            };
        o["fileResults"] = new JsonArray(info.FileResults.Select(f => (JsonNode)new JsonObject
        {
            ["filename"] = f.Filename,
            ["location"] = f.Location,
            ["size"] = Text(f.Size),
            ["startedAt"] = Text(f.StartedAt),
            ["endedAt"] = Text(f.EndedAt),
            ["duration"] = Text(f.Duration),
        }).ToArray());
        return o;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
