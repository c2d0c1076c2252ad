using System.Text.Json.Nodes;

namespace MergeBus.Protocol.Manifests;

/// <summary>
/// The manifest's room_mix (spec §2): {status, artifacts[], merged_at?, error?}. Layout, Channels and
/// ChannelCount are MergeBus additions; older readers ignore them.
/// </summary>
public sealed record RoomMix
{
    public string Status { get; init; } = RoomMixStatuses.Completed;
    public IReadOnlyList<RoomMixArtifact> Artifacts { get; init; } = [];
    public long? MergedAt { get; init; }
    public string? Error { get; init; }
    public string? Layout { get; init; }
    public IReadOnlyList<RoomMixChannel>? Channels { get; init; }
    public int? ChannelCount { get; init; }
    /// <summary>
    /// A later merge of the same session that failed while this mix stayed good: the mix and its artifacts are
    /// kept and the failure is recorded here (a MergeBus addition).
    /// </summary>
    public RoomMixAttempt? LastAttempt { get; init; }
    /// <summary>MergeBus addition: speaker leveling's settings, and per participant the loudness measured and gain applied.</summary>
    public RoomMixLoudness? Loudness { get; init; }
    /// <summary>MergeBus addition: the time map from mix time to the wall clock.</summary>
    public RoomMixTimeline? Timeline { get; init; }

    internal static RoomMix FromJson(JsonObject o, string path)
    {
        var channels = o["channels"] is null ? null : JsonFields.Objects(o, "channels", path)
            .Select((c, i) => RoomMixChannel.FromJson(c, $"{JsonFields.Join(path, "channels")}[{i}]"))
            .ToList();
        return new RoomMix
        {
            Status = JsonFields.String(o, "status", path) ?? "",
            Artifacts = JsonFields.Objects(o, "artifacts", path)
                .Select((a, i) => RoomMixArtifact.FromJson(a, $"{JsonFields.Join(path, "artifacts")}[{i}]"))
                .ToList(),
            MergedAt = JsonFields.Int64(o, "merged_at", path),
            Error = JsonFields.String(o, "error", path),
            Layout = JsonFields.String(o, "layout", path),
            Channels = channels,
            ChannelCount = JsonFields.Int32(o, "channel_count", path),
            LastAttempt = o["last_attempt"] is JsonObject last ? RoomMixAttempt.FromJson(last, JsonFields.Join(path, "last_attempt")) : null,
            Loudness = JsonFields.Object(o, "loudness", path) is { } loudness
                ? RoomMixLoudness.FromJson(loudness, JsonFields.Join(path, "loudness"))
                : null,
            Timeline = JsonFields.Object(o, "timeline", path) is { } timeline
                ? RoomMixTimeline.FromJson(timeline, JsonFields.Join(path, "timeline"))
                : null,
        };
    }

    /// <summary>Writes the known fields into <paramref name="target"/>, keeping its unknown ones.</summary>
    internal void WriteInto(JsonObject target)
    {
        target["status"] = Status;
        target["artifacts"] = new JsonArray(Artifacts.Select(a => (JsonNode?)a.ToJson()).ToArray());
        JsonFields.SetOrRemove(target, "merged_at", MergedAt is { } m ? JsonValue.Create(m) : null);
        JsonFields.SetOrRemove(target, "error", string.IsNullOrEmpty(Error) ? null : JsonValue.Create(Error));
        JsonFields.SetOrRemove(target, "layout", string.IsNullOrEmpty(Layout) ? null : JsonValue.Create(Layout));
        JsonFields.SetOrRemove(target, "channels", Channels is null
            ? null
            : new JsonArray(Channels.Select(c => (JsonNode?)c.ToJson()).ToArray()));
        JsonFields.SetOrRemove(target, "channel_count", ChannelCount is { } c ? JsonValue.Create(c) : null);
        JsonFields.SetOrRemove(target, "last_attempt", LastAttempt?.ToJson());
        JsonFields.SetOrRemove(target, "loudness", Loudness?.ToJson());
        JsonFields.SetOrRemove(target, "timeline", Timeline?.ToJson());
    }
}
